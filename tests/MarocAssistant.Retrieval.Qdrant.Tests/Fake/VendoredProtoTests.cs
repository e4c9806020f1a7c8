using System.Security.Cryptography;
using System.Text;
using MarocAssistant.Testing;

namespace MarocAssistant.Retrieval.Qdrant.Tests.Fake;

/// <summary>The fake's contract is Qdrant's own: the vendored protos differ from the v1.19.0 tag by the C# namespace line only.</summary>
public sealed class VendoredProtoTests
{
    private const string OurNamespace = "option csharp_namespace = \"MarocAssistant.Retrieval.Qdrant.Tests.Fake.Grpc\";";
    private const string UpstreamNamespace = "option csharp_namespace = \"Qdrant.Client.Grpc\";";

    [Theory]
    [InlineData("collections.proto", "3c2c3391d899a7f7162d859cedebfbde0f4efd5dbc907fa64d3e18c68a616251")]
    [InlineData("collections_service.proto", "d7b31cdddced1a8f9c5331b63ae2ba42102a0c98d8b12ece5c458a0cb6a62765")]
    [InlineData("points.proto", "191dc8a704d5c2449776a118e9ade87cc48612bd6b612bfe9a203dfec10ee32a")]
    [InlineData("points_service.proto", "31ff9b39d9a2fdd0f8d1001c2f55a507de40d8dd24ebaff73d41e1423bb7c150")]
    [InlineData("qdrant_common.proto", "a77f0c15d232b36f40e5682211db923e4ba8b8f4f300757811255d86024061fc")]
    [InlineData("json_with_int.proto", "909c7b4fa47c7502abe86f00084d206bbdc7b690fcea41a6d1d1fbd39f53dc2f")]
    public void Proto_WithUpstreamNamespace_HasTheV1190Hash(string file, string sha256)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "MarocAssistant.Retrieval.Qdrant.Tests", "Protos", file));

        Assert.Equal(1, text.Split('\n').Count(l => l == OurNamespace));
        var upstream = text.Replace(OurNamespace, UpstreamNamespace, StringComparison.Ordinal);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(upstream))));
    }
}
