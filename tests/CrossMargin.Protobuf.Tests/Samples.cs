using System.Globalization;
using System.Numerics;
using System.Text.Json;
using CrossMargin.Chain.Actors.Auditor;
using CrossMargin.Chain.Actors.Venue;
using CrossMargin.Margin;
using CrossMargin.Testing;
using Nethereum.Util;

namespace CrossMargin.Protobuf.Tests;

/// <summary>Seeded random content for each kind of file, built from real parts (a snarkjs proof, openings made by <see cref="Opening.Of"/>).</summary>
internal static class Samples
{
    /// <summary>snarkjs's own proof.json (tests/vectors/snarkjs-groth16), as the auditor's model holds it.</summary>
    public static SnarkjsProof VectorProof()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepoLayout.Vectors("snarkjs-groth16", "proof.json")));
        var root = document.RootElement;
        string[] Strings(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetString()!)];
        return new SnarkjsProof
        {
            PiA = Strings(root.GetProperty("pi_a")),
            PiB = [.. root.GetProperty("pi_b").EnumerateArray().Select(Strings)],
            PiC = Strings(root.GetProperty("pi_c")),
        };
    }

    public static string Address(Random random) => AddressUtil.Current.ConvertToChecksumAddress("0x" + Convert.ToHexStringLower(Bytes(random, 20)));

    public static string Hash(Random random) => "0x" + Convert.ToHexStringLower(Bytes(random, 32));

    public static BigInteger Scalar(Random random) => new BigInteger(Bytes(random, 32), isUnsigned: true) % Fr.Modulus;

    public static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    public static ProofEnvelope Envelope(Random random) => new()
    {
        ChainId = (ulong)random.NextInt64(1, long.MaxValue),
        Gate = Address(random),
        Account = Address(random),
        Nonce = (ulong)random.NextInt64(0, 1000),
        Level = (byte)random.Next(2),
        RoundId = (ulong)random.NextInt64(0, long.MaxValue),
        Tau = (uint)random.Next(0, int.MaxValue),
        Expiry = (ulong)random.NextInt64(0, long.MaxValue),
        Block = (ulong)random.NextInt64(0, 1 << 30),
        Transaction = random.Next(3) == 0 ? null : Hash(random),
        PublicSignals = [.. Enumerable.Range(0, random.Next(1, 40)).Select(i => (i == 0 ? BigInteger.Zero : i == 1 ? Fr.Modulus - 1 : Scalar(random)).ToString(CultureInfo.InvariantCulture))],
        Proof = VectorProof(),
    };

    public static ProofBatch Batch(Random random, int proofs) => new() { Proofs = [.. Enumerable.Range(0, proofs).Select(_ => Envelope(random))] };

    public static AuditReport Report(Random random)
    {
        string[] kinds = ["invalid-proof", "input-mismatch", "malformed", "chain"];
        string[] events = ["proof", "round", "commitment", "lapse", "liquidated"];
        var accounts = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Address(random)).ToArray();
        return new AuditReport
        {
            Source = new AuditSource
            {
                Kind = random.Next(2) == 0 ? "chain" : "batch",
                ChainId = 31337,
                Gate = Address(random),
                FromBlock = 1,
                ToBlock = (ulong)random.Next(2, 1000),
                BatchFile = random.Next(2) == 0 ? null : "batch.json",
            },
            VerificationKeySha256 = Convert.ToHexStringLower(Bytes(random, 32)),
            Summary = new AuditSummary { Proofs = 3, Valid = 2, Invalid = 1, InputMismatches = 0, Findings = 1, Seconds = random.NextDouble() * 10, ProofsPerSecond = random.NextDouble() * 1000 },
            Proofs = [.. Enumerable.Range(0, random.Next(0, 6)).Select(i => new ProofVerdict
            {
                Index = i,
                Account = accounts[random.Next(accounts.Length)],
                Nonce = (ulong)random.Next(),
                Level = (byte)random.Next(2),
                RoundId = (ulong)random.Next(),
                Block = (ulong)random.Next(),
                Transaction = random.Next(2) == 0 ? null : Hash(random),
                Valid = random.Next(2) == 0,
                InputsMatch = random.Next(2) == 0,
                Mismatches = random.Next(2) == 0 ? [] : ["roundId: proof 7, chain 8"],
            })],
            Findings = [.. Enumerable.Range(0, random.Next(0, 4)).Select(i => new AuditFinding
            {
                Kind = kinds[random.Next(kinds.Length)],
                ProofIndex = random.Next(2) == 0 ? null : i,
                Account = random.Next(2) == 0 ? null : accounts[0],
                Block = random.Next(2) == 0 ? null : (ulong)random.Next(),
                Message = $"finding {i}: \"quoted\" and ünïcode",
            })],
            ProofsPerBlock = [new BlockCount(5, 2), new BlockCount(9, 1)],
            Accounts = [.. accounts.Select(a => new AccountTimeline
            {
                Account = a,
                Points = [.. Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
                {
                    var covered = random.Next(2) == 0;
                    return new HealthPoint
                    {
                        Block = (ulong)random.Next(),
                        Timestamp = (ulong)random.NextInt64(),
                        Event = events[random.Next(events.Length)],
                        Covered = covered,
                        Level = covered ? (byte)random.Next(2) : null,
                        SecondsToExpiry = covered ? (ulong)random.Next() : null,
                        PriceBandUsedPercent = covered ? random.NextDouble() * 100 : null,
                    };
                })],
            })],
            GasPerStep = [new GasFigure { Step = "submitProof", Transactions = 3, MedianGas = 312_000, TotalGas = 951_000 }],
        };
    }

    /// <summary>A real opening, made as the flow's venues make them (FlowSystem.OpeningOf): the commitment computed by the margin layer.</summary>
    public static Opening Opening(Random random)
    {
        var blinding = new BigInteger(random.NextInt64(1, long.MaxValue)) << 128 | new BigInteger(random.NextInt64(1, long.MaxValue));
        BigInteger Amount() => random.NextInt64(0, long.MaxValue);
        BigInteger Signed() => random.NextInt64(long.MinValue, long.MaxValue);
        var state = new VenueState(random.Next(1, 100), [Amount(), Amount()], [Amount(), 0],
            [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => new Position(random.Next(2), Signed(), Signed(), Signed(), Signed()))]);
        return Chain.Actors.Venue.Opening.Of(MarginConfiguration.Small, 31337, Address(random), Address(random), Address(random),
            new VenueOpening(state, (ulong)random.NextInt64(1, long.MaxValue), blinding, random.Next(2) == 0 ? "lending" : "perp"));
    }

    /// <summary>examples/portfolio.json with the venues' amounts, the prices and the context redrawn (the parameters kept: they must stay a valid set).</summary>
    public static Portfolio Portfolio(Random random)
    {
        var example = PortfolioFile.Read(Path.Combine(RepoLayout.Root, "examples", "portfolio.json"));
        BigInteger Amount() => random.NextInt64(0, long.MaxValue);
        BigInteger Signed() => random.NextInt64(long.MinValue, long.MaxValue);
        return example with
        {
            Context = new StatementContext(new BigInteger(Bytes(random, 20), isUnsigned: true), 12345, random.Next(1, 100_000), random.Next(), random.Next(0, 3600)),
            Oracle = new OracleRound(random.NextInt64(), [Amount(), Amount()], [Amount(), Amount()]),
            Venues = [.. example.Venues.Select((v, i) => v with
            {
                StateNonce = random.NextInt64(1, long.MaxValue),
                Blinding = Scalar(random),
                State = v.State with
                {
                    Balances = [Amount(), Amount()],
                    Debts = [Amount(), Amount()],
                    Positions = [.. v.State.Positions.Select(p => p with { Delta = Signed(), Gamma = Signed(), Vega = Signed(), MarkToMarket = Signed() })],
                },
            })],
        };
    }
}
