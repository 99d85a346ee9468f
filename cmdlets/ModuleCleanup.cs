// Runs when Remove-Module unloads MailIntegration from a runspace: that runspace's connection goes
// with it, so its native handles are not left behind until the runspace closes.
using System.Management.Automation;

namespace MailIntegration
{
    public sealed class ModuleCleanup : IModuleAssemblyCleanup
    {
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            ConnectionRegistry.Remove(ConnectionRegistry.CurrentRunspace());
        }
    }
}
