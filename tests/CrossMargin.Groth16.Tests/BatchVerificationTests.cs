using System.Numerics;
using CrossMargin.Curves.Bn254;
using CrossMargin.Field;
using CrossMargin.Snarkjs;
using CrossMargin.Testing;

namespace CrossMargin.Groth16.Tests;

/// <summary>
/// The fast batch verifier against its plain twin, one-by-one <see cref="Verifier.Verify"/>, and
/// proof re-randomization (<see cref="Rerandomization"/>), on real proofs of the contributed vector
/// key. Seeded: the positions and kinds of the invalid proofs, and the re-randomizing scalars.
/// </summary>
public class BatchVerificationTests
{
    private static readonly Lazy<(VerificationKey Key, Proof Proof, IReadOnlyList<BigInteger> Signals)> Real = new(() =>
    {
        var key = ZkeyFile.ReadProvingKey(Keys.ContributedVectorZkey);
        var result = Prover.Prove(key, WtnsFile.Read(RepoLayout.Vectors("snarkjs-groth16", "witness.wtns")));
        return (key.VerificationKey, result.Proof, result.PublicSignals);
    });

    private static Fr RandomScalar(Random random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        bytes[31] &= 0x1f; // below 2^253 < r
        Assert.True(Fr.TryReadLittleEndian(bytes, out var s));
        return s;
    }

    private static Proof Rerandomized(Random random, Proof proof)
    {
        var r = RandomScalar(random);
        return Rerandomization.Rerandomize(Real.Value.Key, proof, r.IsZero ? Fr.One : r, RandomScalar(random));
    }

    /// <summary>One of the ways a well-formed proof can be false, picked by <paramref name="kind"/>.</summary>
    private static (Proof, IReadOnlyList<BigInteger>) Falsified(Random random, int kind, Proof proof, IReadOnlyList<BigInteger> signals) => kind switch
    {
        0 => (proof, [(signals[0] + 1) % Fr.Modulus, .. signals.Skip(1)]),                       // another statement
        1 => (proof with { A = proof.C }, signals),                                                  // A swapped for C
        2 => (proof with { C = Bn254ScalarMultiplication.Multiply(proof.C, 2).ToAffine() }, signals), // C doubled
        _ => (Rerandomized(random, proof with { A = proof.A.Negate() }), signals),                   // a re-randomized false proof
    };

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 7)]
    [InlineData(3, 40)]
    [InlineData(4, 97)]
    public void BatchVerdicts_EqualOneByOneVerdicts_WithInvalidProofsAtRandomPositions(int seed, int count)
    {
        var (key, proof, signals) = Real.Value;
        var random = new Random(seed);
        var items = new List<(Proof Proof, IReadOnlyList<BigInteger> PublicInputs)>();
        for (var j = 0; j < count; j++)
        {
            var fresh = Rerandomized(random, proof);
            items.Add(random.Next(5) == 0 ? Falsified(random, random.Next(4), fresh, signals) : (fresh, signals));
        }
        // At least one invalid and one valid proof, wherever the draws put them.
        items[random.Next(count)] = Falsified(random, random.Next(4), Rerandomized(random, proof), signals);

        var verdict = Verifier.VerifyBatch(key, items);

        var oneByOne = items.Select(item => Verifier.Verify(key, item.PublicInputs, item.Proof)).ToArray();
        Assert.Equal(oneByOne, verdict.Valid);
        Assert.Contains(false, oneByOne);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Verify_WithTheKeysPartPrepared_AgreesWithTheFourPairingCheck(int seed)
    {
        var (key, proof, signals) = Real.Value;
        var random = new Random(seed);
        for (var round = 0; round < 6; round++)
        {
            var fresh = Rerandomized(random, proof);
            var (p, x) = round % 2 == 0 ? (fresh, signals) : Falsified(random, random.Next(4), fresh, signals);
            // The check as the paper writes it, every pairing from the key's points.
            var vkX = key.IC[0].ToJacobian();
            for (var i = 0; i < x.Count; i++)
                G1Jacobian.Add(vkX, Bn254ScalarMultiplication.Multiply(key.IC[i + 1], Fr.FromBigInteger(x[i])), out vkX);
            var expected = Bn254Pairing.PairingProductIsOne([p.A.Negate(), key.Alpha1, vkX.ToAffine(), p.C], [p.B, key.Beta2, key.Gamma2, key.Delta2]);
            Assert.Equal(round % 2 == 0, expected);
            Assert.Equal(expected, Verifier.Verify(key, x, p));
            // A new key object with the same points is prepared afresh and agrees.
            Assert.Equal(expected, Verifier.Verify(key with { IC = [.. key.IC] }, x, p));
        }
    }

    [Fact]
    public void AKeysIcArray_IsCheckedOnEveryVerify_EvenAfterTheKeyWasPrepared()
    {
        var (key, proof, signals) = Real.Value;
        var copy = key with { IC = [.. key.IC] };
        Assert.True(Verifier.Verify(copy, signals, proof));
        // The array can be written to after the first verification; the next one sees it.
        copy.IC[1] = new G1Affine(copy.IC[1].X, copy.IC[1].Y + Fq.One);
        var e = Assert.Throws<MalformedStatementException>(() => Verifier.Verify(copy, signals, proof));
        Assert.Contains("IC[1]", e.Message);
        copy.IC[1] = key.IC[1];
        Assert.True(Verifier.Verify(copy, signals, proof));
        copy.IC[1] = key.IC[0];
        Assert.False(Verifier.Verify(copy, signals, proof));
    }

    [Fact]
    public void ABatchOfValidProofs_TakesOnePairingCheck()
    {
        var (key, proof, signals) = Real.Value;
        var random = new Random(5);
        var items = Enumerable.Range(0, 70).Select(_ => (Rerandomized(random, proof), signals)).ToList<(Proof, IReadOnlyList<BigInteger>)>();
        var verdict = Verifier.VerifyBatch(key, items);
        Assert.True(verdict.AllValid);
        Assert.Equal(1, verdict.PairingChecks);
    }

    [Fact]
    public void ABatchWithMalformedProofs_NamesTheFirstOfThem()
    {
        var (key, proof, signals) = Real.Value;
        var random = new Random(6);
        var items = Enumerable.Range(0, 80).Select(_ => (Rerandomized(random, proof), signals)).ToList<(Proof Proof, IReadOnlyList<BigInteger> PublicInputs)>();
        // Later in the list but in an earlier check: an off-curve A at 61, a B outside G2 at 23.
        items[61] = (items[61].Proof with { A = new G1Affine(proof.A.X, proof.A.Y + Fq.One) }, signals);
        items[23] = (items[23].Proof with { B = TwistPointOutsideG2() }, signals);
        var e = Assert.Throws<MalformedStatementException>(() => Verifier.VerifyBatch(key, items));
        Assert.Equal("proof 23 B is not in the prime-order subgroup", e.Message);

        items[5] = (items[5].Proof, [.. signals, BigInteger.One]);
        e = Assert.Throws<MalformedStatementException>(() => Verifier.VerifyBatch(key, items));
        Assert.StartsWith("proof 5: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RerandomizedProofs_Verify_AndDifferFromTheOriginalAndEachOther()
    {
        var (key, proof, signals) = Real.Value;
        var random = new Random(7);
        var proofs = Enumerable.Range(0, 4).Select(_ => Rerandomized(random, proof)).Append(Rerandomization.Rerandomize(key, proof)).ToList();
        foreach (var p in proofs) Assert.True(Verifier.Verify(key, signals, p));
        var all = proofs.Append(proof).ToList();
        Assert.Equal(all.Count, all.Select(p => p.A).Distinct().Count());
        Assert.Equal(all.Count, all.Select(p => p.B).Distinct().Count());
        Assert.Equal(all.Count, all.Select(p => p.C).Distinct().Count());
    }

    [Fact]
    public void ARerandomizedInvalidProof_StaysInvalid()
    {
        var (key, proof, signals) = Real.Value;
        var random = new Random(8);
        for (var kind = 0; kind < 3; kind++)
        {
            var (bad, badSignals) = Falsified(random, kind, proof, signals);
            Assert.False(Verifier.Verify(key, badSignals, bad));
            Assert.False(Verifier.Verify(key, badSignals, Rerandomized(random, bad)));
            Assert.False(Verifier.Verify(key, badSignals, Rerandomization.Rerandomize(key, bad)));
        }
    }

    [Fact]
    public void Rerandomize_RefusesAZeroRAndAMalformedProof()
    {
        var (key, proof, _) = Real.Value;
        Assert.Throws<ArgumentOutOfRangeException>(() => Rerandomization.Rerandomize(key, proof, Fr.Zero, Fr.One));
        var e = Assert.Throws<MalformedStatementException>(() => Rerandomization.Rerandomize(key, proof with { B = TwistPointOutsideG2() }));
        Assert.Equal("proof B is not in the prime-order subgroup", e.Message);
    }

    /// <summary>The point of the twist with the smallest x = 1, 2, ... (x^3 + b' a square); outside G2 (which holds 1/h' of the twist).</summary>
    private static G2Affine TwistPointOutsideG2()
    {
        for (ulong x = 1; ; x++)
        {
            var fx = new Fq2(Fq.FromUInt64(x), Fq.Zero);
            if (!QuadraticExtensionSqrt.TrySqrt(fx * fx * fx + G2Curve.B, out var y)) continue;
            var point = new G2Affine(fx, y);
            Assert.True(point.IsOnCurve);
            Assert.False(G2Curve.IsInSubgroupPlain(point));
            return point;
        }
    }
}
