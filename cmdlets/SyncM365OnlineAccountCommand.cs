// Sync-M365OnlineAccount (seed M4, lifecycle): the online accounts New-M365OnlineAccount made or
// matched follow their local users, read from Active Directory or a fresh CSV export: a disabled
// local user's account is blocked (and allowed again when the user is), a deleted local user's
// account is deleted. ConfirmImpact High; one step per account, so -WhatIf names each. Nothing is
// followed after Disable-M365Integration.
using System.Management.Automation;

namespace MailIntegration.Commands
{
    [Cmdlet(VerbsData.Sync, "M365OnlineAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Csv")]
    [OutputType(typeof(AccountResult), typeof(StepResult))]
    public sealed class SyncM365OnlineAccountCommand : M365AccountSourceCommandBase
    {
        internal override string BuildRequest() => Request("m365-accounts-sync", SourceParameters());
    }
}
