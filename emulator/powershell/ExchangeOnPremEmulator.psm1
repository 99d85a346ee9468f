# Exchange Management Shell stand-ins that forward to mailint-emulator (emulator/PROTOCOL.md).
#
# Each function has the name and parameters of the Exchange cmdlet it stands for and sends its
# bound parameters to POST /exchange-onprem/{org}/InvokeCommand. It uses only the PowerShell
# language, Core cmdlets and .NET (System.Net.Http, System.Text.Json), because the tests run it in
# a runspace made from InitialSessionState.CreateDefault2(), which has no Utility cmdlets
# (no Invoke-RestMethod, ConvertTo-Json, Write-Error …).

Set-StrictMode -Version 3.0

$script:Target = $null
$script:HttpClient = [System.Net.Http.HttpClient]::new()

function Connect-ExchangeOnPremEmulator {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [uri] $Uri,
        [Parameter(Position = 1)] [string] $Organization = 'First Organization'
    )
    $base = $Uri.AbsoluteUri.TrimEnd('/')
    $script:Target = [pscustomobject]@{
        Uri          = $base
        Organization = $Organization
        InvokeUri    = $base + '/exchange-onprem/' + [uri]::EscapeDataString($Organization) + '/InvokeCommand'
        # The Dynamics 365 deployment server's PowerShell (Microsoft.Crm.PowerShell, Tools folder).
        CrmInvokeUri = $base + '/crm-deployment/InvokeCommand'
        # The domain's ActiveDirectory module (Get-ADUser).
        AdInvokeUri  = $base + '/active-directory/InvokeCommand'
    }
}

# --- JSON out: written by hand, every string escaped --------------------------------------------

function Add-JsonString([System.Text.StringBuilder] $Builder, [string] $Text) {
    [void]$Builder.Append('"')
    foreach ($c in $Text.ToCharArray()) {
        $code = [int]$c
        if ($code -eq 0x22) { [void]$Builder.Append('\"') }
        elseif ($code -eq 0x5C) { [void]$Builder.Append('\\') }
        elseif ($code -lt 0x20 -or $code -gt 0x7E) {
            # \u escapes keep the body ASCII: control characters, newlines and surrogate pairs
            # all arrive exactly as they were.
            [void]$Builder.Append('\u').Append($code.ToString('x4'))
        }
        else { [void]$Builder.Append($c) }
    }
    [void]$Builder.Append('"')
}

function Add-JsonTyped([System.Text.StringBuilder] $Builder, [string] $ODataType, [byte[]] $Bytes) {
    [void]$Builder.Append('{"@odata.type":"').Append($ODataType).Append('","Data":"')
    [void]$Builder.Append([System.Convert]::ToBase64String($Bytes)).Append('"}')
}

function Add-JsonSecureString([System.Text.StringBuilder] $Builder, [System.Security.SecureString] $Secret) {
    # The plaintext is copied out of the SecureString only for as long as it takes to encode it.
    $marshal = [System.Runtime.InteropServices.Marshal]
    $pointer = $marshal::SecureStringToGlobalAllocUnicode($Secret)
    $chars = $null
    $bytes = $null
    try {
        $chars = [char[]]::new($Secret.Length)
        $marshal::Copy($pointer, $chars, 0, $Secret.Length)
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($chars)
        Add-JsonTyped $Builder '#Exchange.SecureStringType' $bytes
    }
    finally {
        $marshal::ZeroFreeGlobalAllocUnicode($pointer)
        if ($null -ne $chars) { [System.Array]::Clear($chars, 0, $chars.Length) }
        if ($null -ne $bytes) { [System.Array]::Clear($bytes, 0, $bytes.Length) }
    }
}

function Add-JsonValue([System.Text.StringBuilder] $Builder, $Value) {
    if ($null -eq $Value) { [void]$Builder.Append('null'); return }
    if ($Value -is [System.Management.Automation.SwitchParameter]) { $Value = $Value.IsPresent }
    if ($Value -is [bool]) { [void]$Builder.Append($(if ($Value) { 'true' } else { 'false' })); return }
    if ($Value -is [string] -or $Value -is [char]) { Add-JsonString $Builder ([string]$Value); return }
    if ($Value -is [System.Security.SecureString]) { Add-JsonSecureString $Builder $Value; return }
    if ($Value -is [byte[]]) { Add-JsonTyped $Builder '#Exchange.ByteArrayType' $Value; return }
    if ($Value -is [uri]) { Add-JsonString $Builder $Value.OriginalString; return }
    if ($Value -is [datetime]) {
        Add-JsonString $Builder $Value.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss', [cultureinfo]::InvariantCulture)
        return
    }
    if ($Value -is [enum]) { Add-JsonString $Builder $Value.ToString(); return }
    if ($Value -is [System.ValueType]) {
        $code = [System.Type]::GetTypeCode($Value.GetType())
        if ($code -ge [System.TypeCode]::SByte -and $code -le [System.TypeCode]::Decimal) {
            $text = [System.Convert]::ToString($Value, [cultureinfo]::InvariantCulture)
            if ($text -match '^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$') { [void]$Builder.Append($text) }
            else { Add-JsonString $Builder $text }
            return
        }
    }
    if ($Value -is [System.Collections.IDictionary]) {
        # Exchange's GenericHashTable, e.g. @{Add='x'; Remove='y'} on a multi-valued property.
        [void]$Builder.Append('{"@odata.type":"#Exchange.GenericHashTable"')
        foreach ($key in $Value.Keys) {
            [void]$Builder.Append(',')
            Add-JsonString $Builder ([string]$key)
            [void]$Builder.Append(':')
            Add-JsonValue $Builder $Value[$key]
        }
        [void]$Builder.Append('}')
        return
    }
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        # An object piped from a Get-* binds to -Identity; Exchange identifies it by its Identity.
        $identity = $Value.PSObject.Properties['Identity']
        if ($null -ne $identity) { Add-JsonValue $Builder $identity.Value; return }
        Add-JsonString $Builder $Value.ToString()
        return
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        [void]$Builder.Append('[')
        $first = $true
        foreach ($item in $Value) {
            if (-not $first) { [void]$Builder.Append(',') }
            $first = $false
            Add-JsonValue $Builder $item
        }
        [void]$Builder.Append(']')
        return
    }
    Add-JsonString $Builder $Value.ToString()
}

function ConvertTo-InvokeCommandBody([string] $CmdletName, [System.Collections.IDictionary] $Parameters) {
    $builder = [System.Text.StringBuilder]::new()
    [void]$builder.Append('{"CmdletInput":{"CmdletName":')
    Add-JsonString $builder $CmdletName
    [void]$builder.Append(',"Parameters":{')
    $first = $true
    foreach ($name in $Parameters.Keys) {
        # -Verbose, -ErrorAction … act here, in the caller's runspace; -WhatIf and -Confirm go to
        # the server as the Exchange proxy functions send them.
        if ([System.Management.Automation.PSCmdlet]::CommonParameters.Contains($name)) { continue }
        if (-not $first) { [void]$builder.Append(',') }
        $first = $false
        Add-JsonString $builder $name
        [void]$builder.Append(':')
        Add-JsonValue $builder $Parameters[$name]
    }
    [void]$builder.Append('}}}')
    $builder.ToString()
}

# --- JSON in: System.Text.Json elements to [pscustomobject], object[] and scalars ---------------

function ConvertFrom-JsonElement([System.Text.Json.JsonElement] $Element) {
    $kind = $Element.ValueKind
    if ($kind -eq [System.Text.Json.JsonValueKind]::Object) {
        $object = [pscustomobject]@{}
        foreach ($property in $Element.EnumerateObject()) {
            # Annotations such as "Guid@odata.type" describe a property; they are not one.
            if (-not $property.Name.Contains('@')) {
                $value = ConvertFrom-JsonElement $property.Value
                $object.PSObject.Properties.Add([psnoteproperty]::new($property.Name, $value))
            }
        }
        return $object
    }
    if ($kind -eq [System.Text.Json.JsonValueKind]::Array) {
        $items = [System.Collections.Generic.List[object]]::new()
        foreach ($item in $Element.EnumerateArray()) { $items.Add((ConvertFrom-JsonElement $item)) }
        return , $items.ToArray()
    }
    if ($kind -eq [System.Text.Json.JsonValueKind]::String) { return $Element.GetString() }
    if ($kind -eq [System.Text.Json.JsonValueKind]::Number) {
        $long = 0L
        if ($Element.TryGetInt64([ref]$long)) {
            if ($long -ge [int]::MinValue -and $long -le [int]::MaxValue) { return [int]$long }
            return $long
        }
        return $Element.GetDouble()
    }
    if ($kind -eq [System.Text.Json.JsonValueKind]::True) { return $true }
    if ($kind -eq [System.Text.Json.JsonValueKind]::False) { return $false }
    return $null
}

# JsonElement.TryGetProperty has overloads PowerShell cannot pick between with [ref]; this is
# the same look-up by enumeration. Returns $null when absent or when $Element is not an object.
function Get-JsonProperty([System.Text.Json.JsonElement] $Element, [string] $Name) {
    if ($Element.ValueKind -ne [System.Text.Json.JsonValueKind]::Object) { return $null }
    foreach ($property in $Element.EnumerateObject()) {
        if ($property.Name -ceq $Name) { return $property.Value }
    }
    return $null
}

function Get-ErrorCategory([int] $Status) {
    switch ($Status) {
        404 { return [System.Management.Automation.ErrorCategory]::ObjectNotFound }
        400 { return [System.Management.Automation.ErrorCategory]::InvalidArgument }
        403 { return [System.Management.Automation.ErrorCategory]::PermissionDenied }
        default { return [System.Management.Automation.ErrorCategory]::NotSpecified }
    }
}

function Write-EmulatorError($Cmdlet, [int] $Status, [System.Text.Json.JsonElement] $Root, $TargetObject) {
    # details[0].message is "<stringId>|<ExceptionClass>|<text>".
    $exceptionClass = 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException'
    $text = "The emulator answered $Status."
    $errorElement = Get-JsonProperty $Root 'error'
    if ($null -ne $errorElement) {
        $message = Get-JsonProperty $errorElement 'message'
        if ($null -ne $message) { $text = $message.GetString() }
        $details = Get-JsonProperty $errorElement 'details'
        if ($null -ne $details -and $details.ValueKind -eq [System.Text.Json.JsonValueKind]::Array) {
            foreach ($entry in $details.EnumerateArray()) {
                $detail = Get-JsonProperty $entry 'message'
                if ($null -ne $detail) {
                    $parts = $detail.GetString().Split('|', 3)
                    if ($parts.Length -eq 3) { $exceptionClass = $parts[1]; $text = $parts[2] }
                    else { $text = $detail.GetString() }
                }
                break
            }
        }
    }
    $shortName = $exceptionClass.Substring($exceptionClass.LastIndexOf('.') + 1)
    $record = [System.Management.Automation.ErrorRecord]::new(
        [System.Exception]::new($text), $shortName, (Get-ErrorCategory $Status), $TargetObject)
    $record.CategoryInfo.Reason = $shortName
    $Cmdlet.WriteError($record)
}

function Invoke-EmulatorCmdlet {
    param(
        [Parameter(Mandatory = $true)] [System.Management.Automation.PSCmdlet] $Cmdlet,
        [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $Parameters,
        [string] $Uri,
        [string] $AsCmdlet
    )
    if ($null -eq $script:Target) {
        $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new('Call Connect-ExchangeOnPremEmulator -Uri <emulator URL> first.'),
                'NotConnected', [System.Management.Automation.ErrorCategory]::ConnectionError, $null))
    }
    $name = $Cmdlet.MyInvocation.MyCommand.Name
    # The name the emulator knows the command by, when the function's differs.
    if ($AsCmdlet) { $name = $AsCmdlet }
    $invokeUri = $script:Target.InvokeUri
    if ($Uri) { $invokeUri = $Uri }
    $body = ConvertTo-InvokeCommandBody $name $Parameters
    $content = [System.Net.Http.StringContent]::new($body, [System.Text.Encoding]::UTF8, 'application/json')
    try {
        $response = $script:HttpClient.PostAsync($invokeUri, $content).GetAwaiter().GetResult()
        $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
    }
    catch {
        $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                $_.Exception, 'EmulatorUnreachable', [System.Management.Automation.ErrorCategory]::ConnectionError,
                $invokeUri))
    }
    finally {
        $content.Dispose()
    }
    $status = [int]$response.StatusCode
    $document = $null
    try {
        try { $document = [System.Text.Json.JsonDocument]::Parse($text, [System.Text.Json.JsonDocumentOptions]::new()) }
        catch { $document = [System.Text.Json.JsonDocument]::Parse('null', [System.Text.Json.JsonDocumentOptions]::new()) }
        $root = $document.RootElement
        if ($status -lt 200 -or $status -ge 300) {
            $target = $null
            foreach ($key in 'Identity', 'Thumbprint', 'Name') {
                if ($Parameters.ContainsKey($key)) { $target = $Parameters[$key]; break }
            }
            Write-EmulatorError $Cmdlet $status $root $target
            return
        }
        $warnings = Get-JsonProperty $root '@adminapi.warnings'
        if ($null -ne $warnings) {
            foreach ($warning in $warnings.EnumerateArray()) { $Cmdlet.WriteWarning($warning.GetString()) }
        }
        $value = Get-JsonProperty $root 'value'
        if ($null -ne $value) {
            foreach ($item in $value.EnumerateArray()) { ConvertFrom-JsonElement $item }
        }
    }
    finally {
        if ($null -ne $document) { $document.Dispose() }
        $response.Dispose()
    }
}

# --- Certificates ---------------------------------------------------------------------------------

function Get-ExchangeCertificate {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [string] $Thumbprint,
        [string] $Server
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Import-ExchangeCertificate {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [byte[]] $FileData,
        [System.Security.SecureString] $Password,
        [string] $Server,
        [bool] $PrivateKeyExportable,
        [switch] $Force
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Enable-ExchangeCertificate {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Position = 0)] [object] $Identity,
        [Parameter(ValueFromPipelineByPropertyName = $true)] [string] $Thumbprint,
        [Parameter(Mandatory = $true)] [string[]] $Services,
        [string] $Server,
        [switch] $Force
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function New-ExchangeCertificate {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [switch] $GenerateRequest,
        [string] $SubjectName,
        [string[]] $DomainName,
        [bool] $PrivateKeyExportable,
        [int] $KeySize,
        [string] $Server
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

# --- Servers, accepted domains, address policies ------------------------------------------------

function Get-ExchangeServer {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-AcceptedDomain {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function New-AcceptedDomain {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [Parameter(Mandatory = $true)] [string] $DomainName,
        [string] $DomainType
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-AcceptedDomain {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [bool] $MakeDefault,
        [string] $DomainType
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-EmailAddressPolicy {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function New-EmailAddressPolicy {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [string[]] $IncludedRecipients,
        [string] $EnabledPrimarySMTPAddressTemplate,
        [object] $Priority
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-EmailAddressPolicy {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [string] $EnabledPrimarySMTPAddressTemplate,
        [string[]] $IncludedRecipients
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

# --- Virtual directories --------------------------------------------------------------------------

function Get-OwaVirtualDirectory {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity, [string] $Server)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-OwaVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [uri] $InternalUrl,
        [uri] $ExternalUrl
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-EcpVirtualDirectory {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity, [string] $Server)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-EcpVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [uri] $InternalUrl,
        [uri] $ExternalUrl
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-ActiveSyncVirtualDirectory {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity, [string] $Server)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-ActiveSyncVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [uri] $InternalUrl,
        [uri] $ExternalUrl
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-OabVirtualDirectory {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity, [string] $Server)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-OabVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [uri] $InternalUrl,
        [uri] $ExternalUrl,
        [bool] $RequireSSL
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-WebServicesVirtualDirectory {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity, [string] $Server)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-WebServicesVirtualDirectory {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [uri] $InternalUrl,
        [uri] $ExternalUrl,
        [bool] $BasicAuthentication,
        [switch] $Force
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

# --- Outlook Anywhere -----------------------------------------------------------------------------

function Get-OutlookAnywhere {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity, [string] $Server)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Enable-OutlookAnywhere {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [string] $Server,
        [string] $ExternalHostname,
        [string] $ClientAuthenticationMethod,
        [bool] $SSLOffloading
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-OutlookAnywhere {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [string] $ExternalHostname,
        [string] $InternalHostname,
        [string] $ExternalClientAuthenticationMethod,
        [string] $InternalClientAuthenticationMethod,
        [bool] $SSLOffloading,
        [bool] $ExternalClientsRequireSsl
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

# --- Connectors -------------------------------------------------------------------------------------

function Get-ReceiveConnector {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity, [string] $Server)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function New-ReceiveConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [string] $Server,
        [string] $Usage,
        [string[]] $Bindings,
        [string] $Fqdn,
        [bool] $Enabled,
        [string[]] $AuthMechanism,
        [string[]] $RemoteIPRanges
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-ReceiveConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [object] $RemoteIPRanges,
        [object] $Bindings,
        [string] $Fqdn,
        [object] $AuthMechanism,
        [bool] $Enabled
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-SendConnector {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] [object] $Identity)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function New-SendConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [string] $Usage,
        [string[]] $AddressSpaces,
        [bool] $IsScopedConnector,
        [bool] $DNSRoutingEnabled,
        [bool] $UseExternalDNSServersEnabled,
        [string[]] $SourceTransportServers
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-SendConnector {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)] [object] $Identity,
        [object] $AddressSpaces,
        [bool] $IsScopedConnector,
        [bool] $DNSRoutingEnabled,
        [bool] $UseExternalDNSServersEnabled,
        [object] $SourceTransportServers,
        [bool] $Enabled
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

# --- Mailboxes (quotas, seed X11) ----------------------------------------------------------------

function Get-Mailbox {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [object] $Identity,
        [object] $ResultSize,
        [string[]] $RecipientTypeDetails,
        [string] $Server
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Set-Mailbox {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [object] $Identity,
        [System.Nullable[bool]] $UseDatabaseQuotaDefaults,
        [object] $IssueWarningQuota,
        [object] $ProhibitSendQuota,
        [object] $ProhibitSendReceiveQuota
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

# --- Windows Server: ServerManager, CIM, registry, services ---------------------------------------
# Stand-ins for the cmdlets of Windows itself (ServerManager, CimCmdlets, Microsoft.PowerShell.
# Management), which the hosted engine of the tests does not have.

function Get-WindowsFeature {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]] $Name,
        [string] $ComputerName
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Install-WindowsFeature {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string[]] $Name,
        [string] $Source,
        [switch] $Restart,
        [switch] $IncludeManagementTools,
        [string] $ComputerName
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Restart-Computer {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [switch] $Force,
        [string] $ComputerName
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-CimInstance {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $ClassName,
        [string] $ComputerName
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-ItemProperty {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Path,
        [Parameter(Position = 1)] [string[]] $Name
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-Service {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [string] $ComputerName
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Start-Service {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, Position = 0)] [string] $Name)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

# --- Windows Server DNS Server (DnsServer module) ---------------------------------------------------
# The parameters of the real cmdlets for the record types the module manages (A, MX, CNAME, TXT,
# SRV); the emulator keeps the zones the administrator's own DNS server hosts.

function Get-DnsServerZone {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string] $Name,
        [string] $ComputerName
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Add-DnsServerPrimaryZone {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [string] $ReplicationScope,
        [string] $ZoneFile,
        [string] $DynamicUpdate,
        [string] $ComputerName,
        [switch] $PassThru
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Get-DnsServerResourceRecord {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $ZoneName,
        [Parameter(Position = 1)] [string] $Name,
        [string] $RRType,
        [string] $ComputerName
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Add-DnsServerResourceRecord {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $ZoneName,
        [Parameter(Mandatory = $true, Position = 1)] [string] $Name,
        [switch] $A,
        [switch] $MX,
        [switch] $CName,
        [switch] $Txt,
        [switch] $Srv,
        [System.Net.IPAddress] $IPv4Address,
        [string] $MailExchange,
        [System.Nullable[uint16]] $Preference,
        [string] $HostNameAlias,
        [string] $DescriptiveText,
        [string] $DomainName,
        [System.Nullable[uint16]] $Port,
        [System.Nullable[uint16]] $Priority,
        [System.Nullable[uint16]] $Weight,
        [System.Nullable[timespan]] $TimeToLive,
        [string] $ComputerName,
        [switch] $PassThru
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

function Remove-DnsServerResourceRecord {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $ZoneName,
        [Parameter(Mandatory = $true)] [string] $Name,
        [Parameter(Mandatory = $true)] [string] $RRType,
        [string[]] $RecordData,
        [string] $ComputerName,
        [switch] $Force
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters }
}

# --- Dynamics 365 deployment (Microsoft.Crm.PowerShell snap-in) ---------------------------------

function Get-CrmOrganization {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $Name)
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Uri $script:Target.CrmInvokeUri }
}

function Get-CrmCertificate {
    [CmdletBinding()]
    param()
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Uri $script:Target.CrmInvokeUri }
}

function Get-CrmAdvancedSetting {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $ConfigurationEntityName,
        [Parameter(Mandatory = $true)] [string] $Setting,
        [object] $ID
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Uri $script:Target.CrmInvokeUri }
}

function Set-CrmAdvancedSetting {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [string] $ConfigurationEntityName,
        [Parameter(Mandatory = $true)] [string] $Setting,
        [Parameter(Mandatory = $true)] [object] $Value,
        [object] $ID
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Uri $script:Target.CrmInvokeUri }
}

# What CertificateReconfiguration.ps1 (the stand-in script beside this module) sends: the PFX's
# bytes and password, so the emulator reads the certificate with OpenSSL as Windows would.
function Invoke-CrmCertificateReconfiguration {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [byte[]] $CertificateFile,
        [Parameter(Mandatory = $true)] [System.Security.SecureString] $Password,
        [Parameter(Mandatory = $true)] [string] $CertificateType,
        [string] $ServiceAccount,
        [switch] $UpdateCrm,
        [string] $StoreFindType
    )
    process {
        Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Uri $script:Target.CrmInvokeUri -AsCmdlet 'CertificateReconfiguration'
    }
}

# --- ActiveDirectory module ------------------------------------------------------------------------

function Get-ADUser {
    [CmdletBinding()]
    param(
        [string] $Filter,
        [Parameter(Position = 0)] [string] $Identity,
        [string] $SearchBase,
        [string[]] $Properties,
        [string] $Server
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Uri $script:Target.AdInvokeUri }
}

function Get-ADGroupMember {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Identity,
        [switch] $Recursive,
        [string] $Server
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Uri $script:Target.AdInvokeUri }
}

function Add-ADGroupMember {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Identity,
        [Parameter(Mandatory = $true, Position = 1)] [string[]] $Members,
        [string] $Server
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Uri $script:Target.AdInvokeUri }
}

function New-ADUser {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [string] $SamAccountName,
        [string] $UserPrincipalName,
        [string] $GivenName,
        [string] $Surname,
        [string] $DisplayName,
        [string] $EmailAddress,
        [string] $Path,
        [bool] $Enabled,
        [System.Security.SecureString] $AccountPassword,
        [bool] $ChangePasswordAtLogon,
        [string] $Server
    )
    process { Invoke-EmulatorCmdlet -Cmdlet $PSCmdlet -Parameters $PSBoundParameters -Uri $script:Target.AdInvokeUri }
}

Export-ModuleMember -Function @(
    'Connect-ExchangeOnPremEmulator'
    'Get-ExchangeServer'
    'Get-ExchangeCertificate', 'Import-ExchangeCertificate', 'Enable-ExchangeCertificate', 'New-ExchangeCertificate'
    'Get-AcceptedDomain', 'New-AcceptedDomain', 'Set-AcceptedDomain'
    'Get-EmailAddressPolicy', 'New-EmailAddressPolicy', 'Set-EmailAddressPolicy'
    'Get-OwaVirtualDirectory', 'Set-OwaVirtualDirectory'
    'Get-EcpVirtualDirectory', 'Set-EcpVirtualDirectory'
    'Get-ActiveSyncVirtualDirectory', 'Set-ActiveSyncVirtualDirectory'
    'Get-OabVirtualDirectory', 'Set-OabVirtualDirectory'
    'Get-WebServicesVirtualDirectory', 'Set-WebServicesVirtualDirectory'
    'Get-OutlookAnywhere', 'Enable-OutlookAnywhere', 'Set-OutlookAnywhere'
    'Get-ReceiveConnector', 'New-ReceiveConnector', 'Set-ReceiveConnector'
    'Get-SendConnector', 'New-SendConnector', 'Set-SendConnector'
    'Get-DnsServerZone', 'Add-DnsServerPrimaryZone'
    'Get-DnsServerResourceRecord', 'Add-DnsServerResourceRecord', 'Remove-DnsServerResourceRecord'
    'Get-CrmOrganization', 'Get-CrmCertificate', 'Get-CrmAdvancedSetting', 'Set-CrmAdvancedSetting'
    'Invoke-CrmCertificateReconfiguration'
    'Get-ADUser', 'New-ADUser', 'Get-ADGroupMember', 'Add-ADGroupMember'
    'Get-Mailbox', 'Set-Mailbox'
    'Get-WindowsFeature', 'Install-WindowsFeature', 'Restart-Computer', 'Get-CimInstance', 'Get-ItemProperty'
    'Get-Service', 'Start-Service'
)
