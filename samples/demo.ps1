<#
.SYNOPSIS
    MailIntegration in five minutes, against the emulator: ConfigureExchange.ps1 (seed X5) planned,
    previewed, applied, and run again with nothing left to do; then a Microsoft 365 custom domain:
    added to the tenant, its records shown, and published into a Windows DNS zone; last, Dynamics 365
    (on-premises) connected to Exchange Online (seeds C3-C9) and its mailboxes tested and enabled.

.DESCRIPTION
    Needs a running emulator (mailint-emulator prints its URL) and the built module folder
    (cmake --build <dir>, which assembles out/MailIntegration). Uses only the PowerShell language
    and .NET, so it runs in pwsh and in mailint-pwsh (tools/pshost):

        build/pshost/mailint-pwsh -File samples/demo.ps1 -EmulatorUri http://127.0.0.1:PORT

.PARAMETER EmulatorUri
    The emulator's base URL, as printed in its MAILINT_EMULATOR_LISTENING line.

.PARAMETER NoReset
    Keep the emulator's current state instead of going back to its seed first.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true, HelpMessage = 'The emulator URL, eg. http://127.0.0.1:8080')]
    [string] $EmulatorUri,
    [string] $ModulePath = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'MailIntegration', 'MailIntegration.psd1'),
    [string] $ForwardingModulePath = [System.IO.Path]::Combine($PSScriptRoot, '..', 'emulator', 'powershell', 'ExchangeOnPremEmulator.psd1'),
    [switch] $NoReset
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

function Say([string] $Text) { $Host.UI.WriteLine($Text) }
function Section([string] $Title) { $Host.UI.WriteLine(''); $Host.UI.WriteLine("== $Title ==") }

$http = [System.Net.Http.HttpClient]::new()
$http.BaseAddress = [Uri]($EmulatorUri.TrimEnd('/') + '/')

function Invoke-Control([string] $Method, [string] $Path, [string] $Body = '{}') {
    if ($Method -eq 'POST') {
        $content = [System.Net.Http.StringContent]::new($Body, [System.Text.Encoding]::UTF8, 'application/json')
        $response = $http.PostAsync($Path, $content).GetAwaiter().GetResult()
    } else {
        $response = $http.GetAsync($Path).GetAwaiter().GetResult()
    }
    [void] $response.EnsureSuccessStatusCode()
    $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
}

function Show-Counters([string] $When) {
    $doc = [System.Text.Json.JsonDocument]::Parse((Invoke-Control GET 'control/counters'))
    $root = $doc.RootElement
    Say ("emulator {0}: reads = {1}, writes = {2}" -f $When, $root.GetProperty('reads').GetInt64(), $root.GetProperty('writes').GetInt64())
    $doc.Dispose()
}

# ---- a demo certificate for mail.contoso.com, made with .NET ------------------------------------
Section 'Demo certificate'
$passwordChars = [System.Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(18)).ToCharArray()
$password = [System.Security.SecureString]::new()
foreach ($c in $passwordChars) { $password.AppendChar($c) }
[Array]::Clear($passwordChars, 0, $passwordChars.Length)
$password.MakeReadOnly()

$rsa = [System.Security.Cryptography.RSA]::Create(2048)
$request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
    'CN=mail.contoso.com', $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256,
    [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
$san = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
$san.AddDnsName('mail.contoso.com')
$request.CertificateExtensions.Add($san.Build())
$now = [DateTimeOffset]::UtcNow
$certificate = $request.CreateSelfSigned($now.AddDays(-1), $now.AddYears(1))
$pfxPath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'mailint-demo-' + [Guid]::NewGuid().ToString('N').Substring(0, 8) + '.pfx')
[System.IO.File]::WriteAllBytes($pfxPath, $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $password))
Say "PFX: $pfxPath (CN=mail.contoso.com, thumbprint $($certificate.Thumbprint))"
$certificate.Dispose()
$rsa.Dispose()

# ---- modules -----------------------------------------------------------------------------------
Section 'Modules'
Import-Module -Name $ForwardingModulePath
Connect-ExchangeOnPremEmulator -Uri $EmulatorUri
Import-Module -Name $ModulePath
Say "Exchange cmdlets forward to $EmulatorUri; MailIntegration $((Get-Module MailIntegration).Version) loaded."
if (-not $NoReset) {
    [void] (Invoke-Control POST 'control/reset')
    Say 'Emulator reset to its seed (a fresh Exchange 2016 server EX01).'
}

$parameters = @{
    CertPath        = $pfxPath
    CertPassword    = $password
    DomainName      = 'contoso.com'
    ServerIpAddress = '192.168.0.10'
    InternalIpRange = '192.168.0.0-192.168.0.255'
    Server          = 'EX01'
}

try {
    Section 'Bad input is refused before anything is read'
    [void] (Invoke-Control POST 'control/counters/reset')
    Set-ExchangeIntegration @parameters -DomainName 'marketing.contoso.com' -InternalIpRange '10.0.0.0-10.0.0.255' -ErrorAction SilentlyContinue -ErrorVariable refused
    foreach ($e in $refused) { Say ("  {0}: {1}" -f $e.FullyQualifiedErrorId.Split(',')[0], $e.Exception.Message) }
    Show-Counters 'after the refused input'

    Section 'Test-ExchangeIntegration: what differs from X5'
    Test-ExchangeIntegration @parameters | Out-Default

    Section 'Set-ExchangeIntegration -WhatIf'
    [void] (Invoke-Control POST 'control/counters/reset')
    Set-ExchangeIntegration @parameters -WhatIf
    Show-Counters 'after -WhatIf'

    Section 'Set-ExchangeIntegration -PassThru'
    [void] (Invoke-Control POST 'control/counters/reset')
    Set-ExchangeIntegration @parameters -PassThru -Confirm:$false -InformationAction Continue | Out-Default
    Show-Counters 'after the apply'

    Section 'The same command again: converged'
    [void] (Invoke-Control POST 'control/counters/reset')
    Set-ExchangeIntegration @parameters -PassThru -Confirm:$false -InformationAction Continue | Out-Default
    Show-Counters 'after the re-run'
    Say ("Test-ExchangeIntegration -Quiet: {0}" -f (Test-ExchangeIntegration @parameters -Quiet))

    Section 'Get-ExchangeDnsRecord -As Zone (public DNS, seed X2)'
    Say (Get-ExchangeDnsRecord -DomainName contoso.com -PublicIpAddress 203.0.113.10 -As Zone)

    # ---- the emulated Dynamics 365 deployment (organization Contoso) for the last part -----------
    # The state's app secrets show as hints only, so the demo app's is given back with the seed.
    $state = [System.Text.Json.Nodes.JsonNode]::Parse((Invoke-Control GET 'control/state'))
    foreach ($app in $state['entra']['tenants']['11111111-2222-3333-4444-555555555555']['apps'].AsArray()) {
        if ($app['clientId'].ToString() -eq '97e0a5b7-d745-40b6-94fe-5f77d35c6e05') {
            $app['secrets'] = [System.Text.Json.Nodes.JsonNode]::Parse('["demo-client-secret-not-for-production"]')
        }
    }
    $state['crmDeployment'] = [System.Text.Json.Nodes.JsonNode]::Parse(
        '{"organizations":[{"Id":"5d1b4b8e-3c0a-4a51-9b7e-0f6f2d1e9a10","UniqueName":"contoso","FriendlyName":"Contoso"}]}')
    [void] (Invoke-Control POST 'control/seed' $state.ToJsonString())

    # ---- Microsoft 365: a custom domain and its DNS (seeds M1, M3, T2) ---------------------------
    Section 'Connect-MailIntegration to the emulated tenant'
    $secret = [System.Security.SecureString]::new()
    foreach ($c in 'demo-client-secret-not-for-production'.ToCharArray()) { $secret.AppendChar($c) }
    $secret.MakeReadOnly()
    Connect-MailIntegration -TenantId 11111111-2222-3333-4444-555555555555 -ClientId 97e0a5b7-d745-40b6-94fe-5f77d35c6e05 `
        -ClientSecret $secret -Endpoint $EmulatorUri | Out-Default

    Section 'Add-M365Domain fabrikam.com: added, the TXT record to publish shown'
    [void] (Invoke-Control POST 'control/counters/reset')
    Add-M365Domain fabrikam.com -SetDefault -Confirm:$false -WarningAction Continue -ErrorAction SilentlyContinue -ErrorVariable notYet
    foreach ($e in $notYet) { Say ("  {0}" -f $e.FullyQualifiedErrorId.Split(',')[0]) }
    Say '  (public DNS does not show the record yet: publish it, then run the same command with -Wait)'

    Section 'Get-MailDnsRecord M365 fabrikam.com -As Text (the tenant''s verification code; NewDNSRecords layout)'
    Say (Get-MailDnsRecord M365 fabrikam.com -As Text)

    Section 'Publish-MailDnsRecord into a zone on this server''s Windows DNS (the emulator''s DnsServer stand-ins)'
    Add-DnsServerPrimaryZone -Name fabrikam.com -ReplicationScope Domain | Out-Null
    Add-DnsServerResourceRecord -ZoneName fabrikam.com -Name '@' -Txt -DescriptiveText 'v=spf1 mx -all'
    [void] (Invoke-Control POST 'control/counters/reset')
    Publish-MailDnsRecord M365 fabrikam.com -WhatIf
    Show-Counters 'after -WhatIf'
    Publish-MailDnsRecord M365 fabrikam.com -Confirm:$false -InformationAction Continue
    Show-Counters 'after the apply'
    [void] (Invoke-Control POST 'control/counters/reset')
    Publish-MailDnsRecord M365 fabrikam.com -Confirm:$false -InformationAction Continue
    Show-Counters 'after the re-run'
    Get-DnsServerResourceRecord -ZoneName fabrikam.com -Name '@' -RRType TXT |
        Where-Object { $_.RecordData.DescriptiveText.StartsWith('v=spf1') } |
        ForEach-Object { Say ("  SPF now (merged, nothing dropped): " + $_.RecordData.DescriptiveText) }

    # ---- Dynamics 365 (on-premises) and Exchange Online (seeds C1-C9) -----------------------------
    Section 'Set-CrmServerSideSync Contoso: certificate, Entra ID, S2S settings, profile, defaults, mailboxes'
    $crm = @{
        OrganizationName           = 'Contoso'
        PfxFilePath                = $pfxPath
        PrivateKeyPassword         = $password
        AllowSelfSignedCertificate = $true
        ServiceAccount             = 'CONTOSO\CRMAsyncService'
        CrmToolsPath               = [System.IO.Path]::GetDirectoryName($ForwardingModulePath)
        AllMailboxes               = $true
        PollIntervalSeconds        = 1
    }
    [void] (Invoke-Control POST 'control/counters/reset')
    Test-CrmServerSideSync @crm -WarningAction SilentlyContinue | Out-Default
    Set-CrmServerSideSync @crm -Confirm:$false -InformationAction Continue -WarningAction SilentlyContinue | Out-Default
    Show-Counters 'after the apply'
    [void] (Invoke-Control POST 'control/counters/reset')
    Set-CrmServerSideSync @crm -Confirm:$false -InformationAction Continue -WarningAction SilentlyContinue | Out-Default
    Show-Counters 'after the re-run'
    Disconnect-MailIntegration
}
finally {
    [System.IO.File]::Delete($pfxPath)
    $http.Dispose()
}
