<#
.SYNOPSIS
    Installs the Windows roles and features Exchange Server setup needs (drop-in replacement of the
    InstallDependencies.ps1 that Microsoft's Essentials document has you save).

.DESCRIPTION
    The original is one line: Add-WindowsFeature with the document's feature list, then a restart.
    This script calls Install-ExchangePrerequisite from the MailIntegration module beside it with
    that same list: only the missing features are installed, each feature is reported (added,
    already there, waiting for a restart), -WhatIf shows what would be installed, and the computer
    restarts, as with the original, only when Windows needs it. -NoRestart leaves the restart to you.

.EXAMPLE
    .\InstallDependencies.ps1 -WhatIf

.EXAMPLE
    .\InstallDependencies.ps1 -Source D:\sources\sxs -NoRestart
#>
[CmdletBinding(SupportsShouldProcess)]
param (
    [string]
    [Parameter(HelpMessage = "The installation media's sources\sxs folder, for features whose files were removed")]
    $Source,
    [switch]
    [Parameter(HelpMessage = "Do not restart; the original always restarted")]
    $NoRestart
)

Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, 'MailIntegration.psd1')) -ErrorAction Stop -Verbose:$false

$arguments = @{ Restart = -not $NoRestart }
if ($Source) { $arguments['Source'] = $Source }
foreach ($name in 'WhatIf', 'Confirm', 'Verbose', 'Debug') {
    if ($PSBoundParameters.ContainsKey($name)) { $arguments[$name] = $PSBoundParameters[$name] }
}

Install-ExchangePrerequisite @arguments
