<#
.SYNOPSIS
    Registers Dynamics 365 (on-premises) for server-to-server authentication with Exchange Online
    (drop-in replacement of Microsoft's ConfigureCrmServerSideSync.ps1).

.DESCRIPTION
    Takes the original script's parameters and calls Set-CrmServerSideSync -Step Authentication
    from the MailIntegration module beside it: the certificate is added to the Microsoft Dynamics
    CRM service principal's keys (existing keys kept) and its service principal names completed
    through Microsoft Graph — the original used MSOnline, which Microsoft retired in 2025 — then
    the deployment's S2S settings and the organization's Exchange Online tenant id are set with
    Set-CrmAdvancedSetting. The certificate is checked first (password, .cer matching the .pfx,
    validity, trusted issuer); -WhatIf shows the changes, and a second run changes nothing.

    Run it on the Dynamics 365 server with the deployment tools role, in a session where the
    Microsoft.Crm.PowerShell snap-in is loaded. Sign in first with Connect-MailIntegration (an
    application with Application.ReadWrite.All and Organization.Read.All); without a connection
    the script signs in with a device code in O365AdminEmail's tenant (-ClientId names the app).

    This integration is being retired: no new tenants since October 2025, version 9 supported
    until April 2027.

.EXAMPLE
    .\ConfigureCrmServerSideSync.ps1 -rootDomainName contoso.com -privateKeyPassword (Read-Host -AsSecureString) `
        -cerFilePath c:\Personalcertfile.cer -pfxFilePath c:\Personalcertfile.pfx -organizationName Contoso `
        -O365AdminEmail admin@contoso.onmicrosoft.com -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param (
    [string]
    [Parameter(Mandatory=$true, HelpMessage = "The domain of the Dynamics 365 servers, e.g. contoso.com")]
    $rootDomainName,
    [Security.SecureString]
    [Parameter(Mandatory=$true, HelpMessage = "The password of the x509 certificate's private key")]
    $privateKeyPassword,
    [string]
    [Parameter(Mandatory=$true, HelpMessage = "The .cer file, e.g. c:\Personalcertfile.cer")]
    $cerFilePath,
    [string]
    [Parameter(Mandatory=$true, HelpMessage = "The .pfx file, e.g. c:\Personalcertfile.pfx")]
    $pfxFilePath,
    [string]
    [Parameter(Mandatory=$true, HelpMessage = "The Dynamics 365 organization, e.g. Contoso")]
    $organizationName,
    [string]
    [Parameter(Mandatory=$true, HelpMessage = "The Microsoft 365 administrator, e.g. user@contoso.onmicrosoft.com")]
    $O365AdminEmail,
    [string]
    [Parameter(HelpMessage = "The application to sign in with a device code when no connection exists")]
    $ClientId,
    [switch]
    [Parameter(HelpMessage = "Accept a self-signed certificate (evaluation only)")]
    $AllowSelfSignedCertificate
)

Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'MailIntegration.psd1')) -ErrorAction Stop -Verbose:$false

if (-not (Get-MailIntegrationConnection)) {
    if (-not $ClientId) {
        throw [System.InvalidOperationException]::new('There is no connection: run Connect-MailIntegration first, or give -ClientId to sign in as ' + $O365AdminEmail + ' with a device code.')
    }
    $tenant = $O365AdminEmail.Substring($O365AdminEmail.LastIndexOf('@') + 1)
    Connect-MailIntegration -TenantId $tenant -ClientId $ClientId -UseDeviceCode -ErrorAction Stop
}

$arguments = @{
    OrganizationName   = $organizationName
    Step               = @('Authentication')
    PfxFilePath        = $pfxFilePath
    CerFilePath        = $cerFilePath
    PrivateKeyPassword = $privateKeyPassword
    RootDomainName     = $rootDomainName
    O365AdminEmail     = $O365AdminEmail
}
if ($AllowSelfSignedCertificate) { $arguments['AllowSelfSignedCertificate'] = $true }
foreach ($name in 'WhatIf', 'Confirm', 'Verbose', 'Debug') {
    if ($PSBoundParameters.ContainsKey($name)) { $arguments[$name] = $PSBoundParameters[$name] }
}

Set-CrmServerSideSync @arguments
