<#
.SYNOPSIS
    Configures an on-premises Exchange server for Windows Server Essentials (drop-in replacement of
    Microsoft's ConfigureExchange.ps1).

.DESCRIPTION
    Takes the same parameters as the original script and calls Set-ExchangeIntegration from the
    MailIntegration module beside it. Unlike the original it validates the input first (domain,
    IP addresses and range, certificate file, password, expiry and host name), shows what it will
    change (-WhatIf), asks per change with -Confirm, changes only what differs from the desired
    state, and can be run again safely.

.EXAMPLE
    .\ConfigureExchange.ps1 -CertPath C:\certificates\ExchangeCertificate.pfx -DomainName contoso.com `
        -ServerIpAddress 192.168.0.10 -InternalIpRange 192.168.0.0-192.168.0.255 -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param (
    [string]
    [Parameter(Mandatory=$true, HelpMessage = "The path to your Certificate file, must be a *.pfx format")]
    $CertPath = "c:\certificates\ExchangeCertificate.pfx",
    [Security.SecureString]
    [Parameter(Mandatory=$true, HelpMessage = "The password of your cert")]
    $CertPassword = $null,
    [string]
    [Parameter(Mandatory=$true, HelpMessage = "Domain Name, eg. contoso.com")]
    $DomainName = "contoso.com",
    [string]
    [Parameter(Mandatory=$true, HelpMessage = "Server IP Address, eg. 192.168.0.1")]
    $ServerIpAddress = "192.168.0.1",
    [string]
    [Parameter(Mandatory=$true, HelpMessage = "Internal Ip Range, eg. 192.168.0.0-192.168.0.255")]
    $InternalIpRange = "192.168.0.0-192.168.0.255"
)

Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'MailIntegration.psd1')) -ErrorAction Stop -Verbose:$false

$arguments = @{
    CertPath        = $CertPath
    CertPassword    = $CertPassword
    DomainName      = $DomainName
    ServerIpAddress = $ServerIpAddress
    InternalIpRange = $InternalIpRange
}
# The original used $env:computername for the connectors' server.
if ($env:COMPUTERNAME) { $arguments['Server'] = $env:COMPUTERNAME }
foreach ($name in 'WhatIf', 'Confirm', 'Verbose', 'Debug') {
    if ($PSBoundParameters.ContainsKey($name)) { $arguments[$name] = $PSBoundParameters[$name] }
}

Set-ExchangeIntegration @arguments
