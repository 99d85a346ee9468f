@{
    RootModule           = 'ExchangeOnPremEmulator.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '6c0f3f57-2f5e-4a0b-9a43-5e3c1d7b8e21'
    Author               = 'MailIntegration'
    Description          = 'Exchange Management Shell stand-ins that forward to mailint-emulator (test use only).'
    PowerShellVersion    = '7.2'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @(
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
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
