// Get-/Test-ExchangePortForward (seed X7) through the real engine: the router table, and the TCP
// check against a listener the test opens and a port it leaves closed.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class ExchangePortForwardTests : IDisposable
    {
        private readonly ModuleFixture _f;
        private readonly Runspace _rs;

        public ExchangePortForwardTests(ModuleFixture fixture)
        {
            _f = fixture;
            _rs = _f.NewRunspace();
        }

        public void Dispose() => _rs.Dispose();

        [Fact]
        public void The_router_table_with_pop3_and_imap()
        {
            var r = Runner.Run(_rs, "Get-ExchangePortForward", new Dictionary<string, object>
            {
                ["ExchangeServerIpAddress"] = "192.168.0.20", ["EssentialsServerIpAddress"] = "192.168.0.10", ["IncludePop3"] = true, ["IncludeImap"] = true,
            });
            Assert.Empty(r.Errors);
            var table = r.Output.Select(o => ((long)o.Properties["routerPort"].Value, (string)o.Properties["destination"].Value)).ToList();
            Assert.Equal(new[] { (25L, "192.168.0.20"), (80L, "192.168.0.10"), (443L, "192.168.0.10"), (995L, "192.168.0.20"), (993L, "192.168.0.20") }, table);
            var same = Runner.Run(_rs, "Get-ExchangePortForward", new Dictionary<string, object>
            {
                ["ExchangeServerIpAddress"] = "192.168.0.10", ["EssentialsServerIpAddress"] = "192.168.0.10",
            });
            Assert.Contains("port_forward.same_server,MailIntegration.Commands.GetExchangePortForwardCommand", same.ErrorIds);
            var bad = Runner.Run(_rs, "Get-ExchangePortForward", new Dictionary<string, object>
            {
                ["ExchangeServerIpAddress"] = "192.168.0.300", ["EssentialsServerIpAddress"] = "fe80::1",
            });
            Assert.Equal(2, bad.ErrorIds.Count(id => id.StartsWith("validation.ipv4.malformed,", StringComparison.Ordinal)));
        }

        [Fact]
        public void Each_port_gets_a_verdict()
        {
            var open = new TcpListener(IPAddress.Loopback, 0);
            open.Start();
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();  // nothing listens there now
            try
            {
                int openPort = ((IPEndPoint)open.LocalEndpoint).Port;
                var r = Runner.Run(_rs, "Test-ExchangePortForward", new Dictionary<string, object>
                {
                    ["PublicAddress"] = "127.0.0.1", ["Port"] = new[] { openPort, closedPort }, ["TimeoutSeconds"] = 2.0,
                });
                Assert.Empty(r.Errors);
                var verdicts = r.Output.ToDictionary(o => (long)o.Properties["port"].Value, o => (string)o.Properties["status"].Value);
                Assert.Equal("Open", verdicts[openPort]);
                Assert.Equal("Closed", verdicts[closedPort]);
                var quiet = Runner.Run(_rs, "Test-ExchangePortForward", new Dictionary<string, object>
                {
                    ["PublicAddress"] = "127.0.0.1", ["Port"] = new[] { openPort, closedPort }, ["Quiet"] = true,
                });
                Assert.False((bool)quiet.Output.Single().BaseObject);
                var unknown = Runner.Run(_rs, "Test-ExchangePortForward", new Dictionary<string, object>
                {
                    ["PublicAddress"] = "no-such-host.invalid", ["Port"] = new[] { openPort }, ["TimeoutSeconds"] = 1.0,
                });
                Assert.Equal("NameNotResolved", (string)unknown.Output.Single().Properties["status"].Value);
            }
            finally
            {
                open.Stop();
            }
        }
    }
}
