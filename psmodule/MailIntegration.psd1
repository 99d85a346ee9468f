@{
    RootModule           = 'MailIntegration.Commands.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = 'd7563ec9-e2a5-4c77-a142-bd9b2a9ff370'
    Author               = 'MailIntegration contributors'
    CompanyName          = 'MailIntegration'
    Copyright            = '(c) MailIntegration contributors. All rights reserved.'
    Description          = 'Configures mail integration (on-premises Exchange for Windows Server Essentials, Exchange Online) from validated input: shows exactly what it will change, changes only what differs, and keeps a journal.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('MailIntegration.Format.ps1xml')
    TypesToProcess       = @('MailIntegration.Types.ps1xml')
    CmdletsToExport      = @('Set-ExchangeIntegration', 'Test-ExchangeIntegration', 'Get-ExchangeDnsRecord',
                             'Connect-MailIntegration', 'Disconnect-MailIntegration', 'Get-MailIntegrationConnection',
                             'Invoke-MailIntegrationExchangeCommand', 'Add-M365Domain', 'Get-MailDnsRecord',
                             'Test-MailDnsRecord', 'Enable-M365DkimSigning', 'Publish-MailDnsRecord',
                             'Set-TeamsEssentialsRouting', 'Test-TeamsEssentialsRouting', 'Remove-TeamsEssentialsRouting',
                             'Get-TeamsEssentialsRouting', 'Set-CrmServerSideSync', 'Test-CrmServerSideSync',
                             'New-M365OnlineAccount', 'Import-M365OnlineAccount', 'Sync-M365OnlineAccount', 'Disable-M365Integration',
                             'Set-M365MobileDevicePolicy', 'Clear-M365MobileDevice',
                             'Set-M365DistributionGroup', 'Get-ExchangePortForward', 'Test-ExchangePortForward',
                             'Test-ExchangeIntegrationPrerequisite', 'Grant-ExchangeSetupPermission', 'Install-ExchangePrerequisite',
                             'Install-ExchangeServer', 'Set-ExchangeReverseProxy', 'Set-ExchangeSplitDns', 'Set-ExchangeMailboxQuota',
                             'New-ExchangeCertificateRequest', 'Get-MailIntegrationRun', 'Resume-MailIntegrationRun')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @('Configure-ExchangeIntegration', 'Configure-CrmServerSideSync')
    PrivateData          = @{
        PSData = @{
            Tags       = @('Exchange', 'Essentials', 'Mail', 'Configuration', 'PSEdition_Desktop', 'PSEdition_Core')
            ProjectUri = ''
        }
    }
}
