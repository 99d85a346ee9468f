// The module's own JSON codec (cmdlets/Json.cs), loaded from the built assembly: the documents that
// cross the C ABI go through it in both directions.
using System;
using System.Collections;
using System.IO;
using System.Reflection;
using Xunit;

namespace MailIntegration.Module.Tests
{
    [Collection("module")]
    public sealed class JsonCodecTests
    {
        private readonly MethodInfo _parse;
        private readonly MethodInfo _serialize;

        public JsonCodecTests(ModuleFixture fixture)
        {
            var assembly = Assembly.LoadFrom(Path.Combine(fixture.ModuleDir, "MailIntegration.Commands.dll"));
            var json = assembly.GetType("MailIntegration.Json", throwOnError: true);
            _parse = json.GetMethod("Parse", new[] { typeof(string) });
            _serialize = json.GetMethod("Serialize", new[] { typeof(object) });
        }

        private object Parse(string text)
        {
            try { return _parse.Invoke(null, new object[] { text }); }
            catch (TargetInvocationException ex) { throw ex.InnerException; }
        }

        private string Serialize(object value) => (string)_serialize.Invoke(null, new[] { value });

        [Theory]
        [InlineData("{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}")]
        [InlineData("{\"s\":\"quote \\\" backslash \\\\ tab \\t nl \\n ctl \\u0001 \\u00e9\\u20ac\"}")]
        [InlineData("[1,-2,3.5,1E+20,-0.25,9223372036854775807]")]
        [InlineData("{\"$secret\":\"CertPassword\",\"empty\":{},\"list\":[]}")]
        [InlineData("\"caf\\u00e9 \\ud83d\\ude00\"")]
        public void RoundTrips(string text)
        {
            object first = Parse(text);
            string written = Serialize(first);
            object second = Parse(written);
            Assert.Equal(written, Serialize(second));
        }

        [Fact]
        public void ReadsValues()
        {
            var list = (IList)Parse("[\"x\\u00e9\\n\", 42, 4.5, true, null, {\"k\":[1]}]");
            Assert.Equal("x\u00e9\n", list[0]);
            Assert.Equal(42L, list[1]);
            Assert.Equal(4.5, list[2]);
            Assert.Equal(true, list[3]);
            Assert.Null(list[4]);
            Assert.Equal("{\"k\":[1]}", Serialize(list[5]));
        }

        [Fact]
        public void WritesEscapes()
        {
            Assert.Equal("\"a\\\"b\\\\c\\n\\u0001\\u2028\"", Serialize("a\"b\\c\n\u0001\u2028"));
            Assert.Equal("[1,2.5,null]", Serialize(new object[] { 1, 2.5, double.NaN }));
        }

        [Theory]
        [InlineData("")]
        [InlineData("{")]
        [InlineData("{\"a\":}")]
        [InlineData("[1,]")]
        [InlineData("\"unterminated")]
        [InlineData("{\"a\":1} trailing")]
        [InlineData("01")]
        [InlineData("tru")]
        [InlineData("\"bad \\x escape\"")]
        public void RejectsMalformed(string text)
        {
            var ex = Assert.ThrowsAny<FormatException>(() => Parse(text));
            Assert.NotNull(ex.Message);
        }
    }
}
