using System.Text.Json;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;
using Xunit;
using static CrossMargin.Curves.Tests.CurveTestData;
using static CrossMargin.Curves.Tests.EncodingTestData;

namespace CrossMargin.Curves.Tests;

public class SnarkjsBinaryPointEncodingTests
{
    [Fact]
    public void Coordinates_AreMontgomeryFormLittleEndian_RealPartFirst()
    {
        // The generator (1, 2): x = R mod q, y = 2R mod q, little-endian.
        var r = (System.Numerics.BigInteger.One << 256) % Q;
        var bytes = new byte[64];
        SnarkjsBinaryPointEncoding.WriteG1(G1Curve.Generator, bytes);
        Assert.Equal(LittleEndian32(r), bytes[..32]);
        Assert.Equal(LittleEndian32(2 * r % Q), bytes[32..]);

        var g2 = new byte[128];
        SnarkjsBinaryPointEncoding.WriteG2(G2Curve.Generator, g2);
        Assert.Equal(LittleEndian32(G2Curve.Generator.X.C0.ToBigInteger() * r % Q), g2[..32]);
        Assert.Equal(LittleEndian32(G2Curve.Generator.X.C1.ToBigInteger() * r % Q), g2[32..64]);
    }

    [Fact]
    public void Arrays_RoundTrip_WithInfinityAsZeroBytes()
    {
        var random = new Random(81);
        var g1 = new[] { RandomG1(random), G1Affine.Infinity, G1Curve.Generator, RandomG1(random) };
        var g2 = new[] { RandomG2(random), G2Affine.Infinity, G2Curve.Generator };
        var bytes1 = new byte[g1.Length * 64];
        var bytes2 = new byte[g2.Length * 128];
        SnarkjsBinaryPointEncoding.WriteG1Array(g1, bytes1);
        SnarkjsBinaryPointEncoding.WriteG2Array(g2, bytes2);
        Assert.All(bytes1[64..128], b => Assert.Equal(0, b));
        Assert.All(bytes2[128..256], b => Assert.Equal(0, b));

        var back1 = new G1Affine[g1.Length];
        var back2 = new G2Affine[g2.Length];
        SnarkjsBinaryPointEncoding.ReadG1Array(bytes1, back1);
        SnarkjsBinaryPointEncoding.ReadG2Array(bytes2, back2);
        Assert.Equal(g1, back1);
        Assert.Equal(g2, back2);
        Assert.Equal(g1[3], SnarkjsBinaryPointEncoding.ReadG1(bytes1.AsSpan(192, 64)));
        Assert.True(SnarkjsBinaryPointEncoding.TryReadG2(bytes2.AsSpan(0, 128), out var first));
        Assert.Equal(g2[0], first);
    }

    [Fact]
    public void ZkeyHeader_MatchesTheVerificationKeyJson_AndEverySectionDecodes()
    {
        var zkey = Zkey();
        var sections = ZkeySections(zkey);
        using var vk = SnarkjsJson("verification_key.json");
        var root = vk.RootElement;

        // Section 2 (groth16 header): n8q, q, n8r, r, nVars, nPublic, domainSize, then
        // alpha1, beta1, beta2, gamma2, delta1, delta2.
        var (header, _) = sections[2];
        var points = header + 4 + 32 + 4 + 32 + 12;
        var span = zkey.AsSpan();
        Assert.Equal(SnarkjsJsonPointEncoding.ReadG1(root.GetProperty("vk_alpha_1")), SnarkjsBinaryPointEncoding.ReadG1(span.Slice(points, 64), points));
        Assert.Equal(SnarkjsJsonPointEncoding.ReadG2(root.GetProperty("vk_beta_2")), SnarkjsBinaryPointEncoding.ReadG2(span.Slice(points + 128, 128)));
        Assert.Equal(SnarkjsJsonPointEncoding.ReadG2(root.GetProperty("vk_gamma_2")), SnarkjsBinaryPointEncoding.ReadG2(span.Slice(points + 256, 128)));
        Assert.Equal(SnarkjsJsonPointEncoding.ReadG2(root.GetProperty("vk_delta_2")), SnarkjsBinaryPointEncoding.ReadG2(span.Slice(points + 448, 128)));

        // Section 3: IC, the same points as the JSON's.
        var (icOffset, icSize) = sections[3];
        var ic = new G1Affine[icSize / 64];
        SnarkjsBinaryPointEncoding.ReadG1Array(span.Slice(icOffset, icSize), ic, icOffset);
        Assert.Equal(root.GetProperty("IC").EnumerateArray().Select(e => SnarkjsJsonPointEncoding.ReadG1(e)), ic);

        // Sections 5, 6, 8, 9 (A, B1, C, H in G1) and 7 (B2 in G2) all decode strictly.
        foreach (var type in new uint[] { 5, 6, 8, 9 })
        {
            var (offset, size) = sections[type];
            SnarkjsBinaryPointEncoding.ReadG1Array(span.Slice(offset, size), new G1Affine[size / 64], offset);
        }
        var (b2Offset, b2Size) = sections[7];
        var b2 = new G2Affine[b2Size / 128];
        SnarkjsBinaryPointEncoding.ReadG2Array(span.Slice(b2Offset, b2Size), b2, b2Offset);
        Assert.Contains(b2, p => !p.IsInfinity);
    }

    [Fact]
    public void Readers_RejectQ_OffCurve_OffSubgroup_AndWrongLengths_WithTheFileOffset()
    {
        var random = new Random(82);
        var g1 = new[] { RandomG1(random), RandomG1(random), RandomG1(random) };
        var bytes = new byte[192];
        SnarkjsBinaryPointEncoding.WriteG1Array(g1, bytes);

        // Point 1's y replaced by q (as raw Montgomery limbs): non-canonical at file byte 5000 + 64 + 32.
        var bad = (byte[])bytes.Clone();
        LittleEndian32(Q).CopyTo(bad, 64 + 32);
        var e = Assert.Throws<PointEncodingException>(() => SnarkjsBinaryPointEncoding.ReadG1Array(bad, new G1Affine[3], 5000));
        Assert.Equal(PointEncodingError.NonCanonicalCoordinate, e.Error);
        Assert.Equal(5000 + 64 + 32, e.ByteOffset);

        // Point 2 off the curve.
        bad = (byte[])bytes.Clone();
        bad[128] ^= 1;
        e = Assert.Throws<PointEncodingException>(() => SnarkjsBinaryPointEncoding.ReadG1Array(bad, new G1Affine[3]));
        Assert.Equal(PointEncodingError.NotOnCurve, e.Error);
        Assert.Equal(128, e.ByteOffset);

        // Lengths: the source must hold exactly destination.Length points.
        e = Assert.Throws<PointEncodingException>(() => SnarkjsBinaryPointEncoding.ReadG1Array(bytes, new G1Affine[2]));
        Assert.Equal(PointEncodingError.WrongLength, e.Error);
        Assert.Throws<PointEncodingException>(() => SnarkjsBinaryPointEncoding.ReadG2Array(bytes, new G2Affine[2]));
        Assert.False(SnarkjsBinaryPointEncoding.TryReadG1(bytes.AsSpan(0, 63), out _));

        // A twist point off G2: rejected by default, accepted when the caller vouches for the input.
        var outside = new byte[128];
        SnarkjsBinaryPointEncoding.WriteG2(RandomTwistPoint(random), outside);
        e = Assert.Throws<PointEncodingException>(() => SnarkjsBinaryPointEncoding.ReadG2(outside));
        Assert.Equal(PointEncodingError.NotInSubgroup, e.Error);
        Assert.False(SnarkjsBinaryPointEncoding.TryReadG2(outside, out _));
        Assert.True(SnarkjsBinaryPointEncoding.TryReadG2(outside, out var trusted, SubgroupCheck.SkipForTrustedInput));
        Assert.True(trusted.IsOnCurve);

        // G2 with x.c1 = q.
        var g2 = new byte[128];
        SnarkjsBinaryPointEncoding.WriteG2(G2Curve.Generator, g2);
        LittleEndian32(Q).CopyTo(g2, 32);
        e = Assert.Throws<PointEncodingException>(() => SnarkjsBinaryPointEncoding.ReadG2(g2));
        Assert.Equal(PointEncodingError.NonCanonicalCoordinate, e.Error);
        Assert.Equal(32, e.ByteOffset);
    }

    [Fact]
    public void EvmAndSnarkjsFormats_AgreeOnTheProofPoints()
    {
        using var proof = SnarkjsJson("proof.json");
        var a = SnarkjsJsonPointEncoding.ReadG1(proof.RootElement.GetProperty("pi_a"));
        var b = SnarkjsJsonPointEncoding.ReadG2(proof.RootElement.GetProperty("pi_b"));
        var evm = new byte[128];
        var lem = new byte[128];
        EvmPointEncoding.WriteG1(a, evm);
        SnarkjsBinaryPointEncoding.WriteG1(a, lem);
        Assert.Equal(EvmPointEncoding.ReadG1(evm.AsSpan(0, 64)), SnarkjsBinaryPointEncoding.ReadG1(lem.AsSpan(0, 64)));
        EvmPointEncoding.WriteG2(b, evm);
        SnarkjsBinaryPointEncoding.WriteG2(b, lem);
        Assert.Equal(b, EvmPointEncoding.ReadG2(evm));
        Assert.Equal(b, SnarkjsBinaryPointEncoding.ReadG2(lem));
        // The two layouts differ: big-endian canonical, imaginary first vs little-endian Montgomery, real first.
        Assert.NotEqual(evm, lem);
    }
}
