# Stand-in for CertificateReconfiguration.ps1 of "C:\Program Files\Microsoft Dynamics CRM\Tools"
# (wire-apis.md §4.1), with its parameters: it forwards to the emulator's Dynamics 365 deployment
# through ExchangeOnPremEmulator.psm1 (import it and call Connect-ExchangeOnPremEmulator first).
# The document runs it with the password on the command line, so -password is text here too; it
# is turned into a SecureString at once and never written anywhere.
[CmdletBinding(SupportsShouldProcess = $true)]
param(
    [Parameter(Mandatory = $true)] [string] $certificateFile,
    [Parameter(Mandatory = $true)] [string] $password,
    [Parameter(Mandatory = $true)] [string] $certificateType,
    [string] $serviceAccount,
    [switch] $updateCrm,
    [string] $storeFindType = 'FindBySubjectDistinguishedName'
)
$secure = [System.Security.SecureString]::new()
foreach ($c in $password.ToCharArray()) { $secure.AppendChar($c) }
$secure.MakeReadOnly()
$bytes = [System.IO.File]::ReadAllBytes($certificateFile)
Invoke-CrmCertificateReconfiguration -CertificateFile $bytes -Password $secure -CertificateType $certificateType `
    -ServiceAccount $serviceAccount -UpdateCrm:$updateCrm -StoreFindType $storeFindType -WhatIf:$WhatIfPreference
