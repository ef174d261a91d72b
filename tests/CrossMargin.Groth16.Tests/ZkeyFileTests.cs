using System.Numerics;
using CrossMargin.Snarkjs;
using CrossMargin.Curves.Bn254;
using CrossMargin.Curves.Encodings;
using CrossMargin.Field;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Tests;

public class ZkeyFileTests
{
    private static readonly string VectorZkey = RepoLayout.Vectors("snarkjs-groth16", "circuit.zkey");

    [Fact]
    public void TheVectorZkey_IsReadWithItsDeclaredShape()
    {
        var zkey = ZkeyFile.Read(VectorZkey);
        var key = zkey.Key;
        Assert.Equal(1, key.PublicCount);
        Assert.Equal(key.SignalCount, key.A.Length);
        Assert.Equal(key.SignalCount, key.B2.Length);
        Assert.Equal(key.SignalCount - key.PublicCount - 1, key.C.Length);
        Assert.Equal(key.DomainSize, key.H.Length);
        Assert.Equal(key.PublicCount + 1, key.IC.Length);
        Assert.Equal(0, zkey.ContributionCount);
        // snarkjs adds one A entry per public input (and the constant) past the constraints.
        Assert.All(key.Coefficients, c => Assert.InRange(c.Signal, 0, key.SignalCount - 1));
    }

    [Fact]
    public void WritingWhatWasRead_ReproducesTheVectorZkeyByteForByte()
    {
        var zkey = ZkeyFile.Read(VectorZkey);
        var path = Path.GetTempFileName();
        try
        {
            ZkeyFile.Write(path, zkey.Key, zkey.Contributions);
            Assert.Equal(File.ReadAllBytes(VectorZkey), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AContributedZkey_RoundTripsByteForByte_WithItsContributionRecorded()
    {
        var zkey = ZkeyFile.Read(Keys.ContributedVectorZkey);
        Assert.Equal(1, zkey.ContributionCount);
        var path = Path.GetTempFileName();
        try
        {
            ZkeyFile.Write(path, zkey.Key, zkey.Contributions, zkey.SectionOrder);
            Assert.Equal(File.ReadAllBytes(Keys.ContributedVectorZkey), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SeededCorruptionsOfTheContributionsSection_AreFormatErrorsOrHarmless()
    {
        // The contributed key's section 10 holds one contribution with a name parameter.
        var original = File.ReadAllBytes(Keys.ContributedVectorZkey);
        var zkey = ZkeyFile.Read(Keys.ContributedVectorZkey);
        var start = original.Length - zkey.Contributions.Length;
        var random = new Random(92);
        var path = Path.GetTempFileName();
        try
        {
            for (var round = 0; round < 100; round++)
            {
                var mutated = (byte[])original.Clone();
                for (var k = random.Next(1, 4); k > 0; k--) mutated[start + random.Next(zkey.Contributions.Length)] = (byte)random.Next(256);
                File.WriteAllBytes(path, mutated);
                try
                {
                    var read = ZkeyFile.Read(path);
                    Assert.Equal(zkey.Key.SignalCount, read.Key.SignalCount);
                }
                catch (CircomFormatException e)
                {
                    Assert.Equal(path, e.File);
                    Assert.Equal("contributions", e.Section);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheVerificationKeyAlone_EqualsTheOneInTheFullKey()
    {
        var full = ZkeyFile.ReadProvingKey(VectorZkey).VerificationKey;
        var alone = ZkeyFile.ReadVerificationKeyUnchecked(VectorZkey); // uncontributed: gamma = delta
        Assert.Equal(full.Alpha1, alone.Alpha1);
        Assert.Equal(full.Delta2, alone.Delta2);
        Assert.Equal(full.IC, alone.IC);
    }

    [Fact]
    public void SeededCorruptions_AreFormatErrorsNeverAnotherException()
    {
        var rejected = 0;
        FileCorruption.ForEach(File.ReadAllBytes(VectorZkey), seed: 91, rounds: 240, headerBytes: 1024, path =>
        {
            try
            {
                var zkey = ZkeyFile.Read(path);
                Assert.Equal(zkey.Key.SignalCount, zkey.Key.A.Length);
            }
            catch (CircomFormatException e)
            {
                Assert.Equal(path, e.File);
                rejected++;
            }
        });
        Assert.True(rejected > 180, $"only {rejected} of 240 corruptions were noticed");
    }

    /// <summary>
    /// The point sections are read side by side, yet a file with faults in several of them names
    /// the fault a reading in section order meets first, every time: B1 before C and H.
    /// </summary>
    [Fact]
    public void FaultsInSeveralPointSections_AreReportedInSectionOrder_WhateverTheScheduling()
    {
        var bytes = File.ReadAllBytes(VectorZkey);
        var offsets = new Dictionary<uint, long>();
        using (var file = BinFile.Open(VectorZkey, ZkeyFile.Magic, 1))
            foreach (var section in file.Sections) offsets[section.Type] = section.Offset;
        // (x, y) with both stored integers 1: canonical coordinates, not on the curve.
        void OffTheCurve(uint section, int point)
        {
            var at = (int)offsets[section] + point * SnarkjsBinaryPointEncoding.G1Size;
            bytes.AsSpan(at, SnarkjsBinaryPointEncoding.G1Size).Clear();
            bytes[at] = 1;
            bytes[at + 32] = 1;
        }
        OffTheCurve(9, 0);   // H
        OffTheCurve(8, 1);   // C
        OffTheCurve(6, 2);   // B1
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);
            for (var round = 0; round < 10; round++)
            {
                var e = Assert.Throws<CircomFormatException>(() => ZkeyFile.Read(path, cacheDirectory: null));
                Assert.Equal("B1", e.Section);
                Assert.Equal(offsets[6] + 2 * SnarkjsBinaryPointEncoding.G1Size, e.Offset);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AB2PointOutsideG2_IsRejected_EvenWhenTheGenuineKeysCheckIsRemembered()
    {
        var cache = Directory.CreateTempSubdirectory("cm-g2-cache-").FullName;
        var path = Path.GetTempFileName();
        try
        {
            var genuine = ZkeyFile.Read(VectorZkey, cacheDirectory: cache);
            Assert.Single(Directory.GetFiles(cache));
            // Read again through the record: the same points.
            Assert.Equal(genuine.Key.B2, ZkeyFile.Read(VectorZkey, cacheDirectory: cache).Key.B2);

            // B2[2] replaced by a point of the twist outside G2 (on the curve, coordinates canonical).
            var bytes = File.ReadAllBytes(VectorZkey);
            long b2Offset;
            using (var file = BinFile.Open(VectorZkey, ZkeyFile.Magic, 1)) b2Offset = file.Sections.Single(x => x.Type == 7).Offset;
            var at = b2Offset + 2 * SnarkjsBinaryPointEncoding.G2Size;
            var outside = TwistPointOutsideG2(new Random(93));
            SnarkjsBinaryPointEncoding.WriteG2(outside, bytes.AsSpan((int)at, SnarkjsBinaryPointEncoding.G2Size));
            File.WriteAllBytes(path, bytes);

            var e = Assert.Throws<CircomFormatException>(() => ZkeyFile.Read(path, cacheDirectory: cache));
            Assert.Equal("B2", e.Section);
            Assert.Equal(at, e.Offset);
            Assert.Contains("subgroup", e.Problem, StringComparison.Ordinal);
            Assert.Throws<CircomFormatException>(() => ZkeyFile.Read(path, cacheDirectory: null));
            Assert.Single(Directory.GetFiles(cache));
            // Only a caller that vouches for the file skips the test.
            Assert.Equal(outside, ZkeyFile.Read(path, SubgroupCheck.SkipForTrustedInput).Key.B2[2]);
        }
        finally
        {
            File.Delete(path);
            Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>A random point of the twist y^2 = x^3 + B; outside the order-r subgroup but with negligible probability.</summary>
    private static G2Affine TwistPointOutsideG2(Random random)
    {
        Fq RandomFq()
        {
            var bytes = new byte[40];
            random.NextBytes(bytes);
            return Fq.FromBigInteger(new BigInteger(bytes, isUnsigned: true) % Fq.Modulus);
        }
        while (true)
        {
            var x = new Fq2(RandomFq(), RandomFq());
            if (QuadraticExtensionSqrt.TrySqrt(x * x * x + G2Curve.B, out var y))
            {
                var point = new G2Affine(x, y);
                Assert.False(point.IsInSubgroup);
                return point;
            }
        }
    }
}
