using System.Globalization;
using System.Numerics;
using System.Text;
using CrossMargin.Circom;
using CrossMargin.Groth16;

namespace CrossMargin.Circom.Solidity;

/// <summary>
/// Writes a Solidity Groth16 verifier for one verification key: snarkjs 0.7.6's entry point
/// <c>verifyProof(uint[2] _pA, uint[2][2] _pB, uint[2] _pC, uint[N] _pubSignals)</c> (same ABI,
/// same calldata, so `zkey export soliditycalldata` output works unchanged) plus
/// <c>publicSignalCount()</c> and the batch entry point <c>verifyProofs</c> of
/// contracts/src/interfaces/IGroth16Verifier.sol.
/// </summary>
/// <remarks>
/// <para>
/// Gas. A proof costs at least what the precompiles charge: N ecMul (6,000) and N ecAdd (150) for
/// vk_x = IC0 + sum x_i IC_i, and one 4-pair pairing (45,000 + 4 x 34,000), 181,000 + 6,150 N,
/// plus 100 for each of the 2N + 1 warm STATICCALLs. Everything else is straight-line code over
/// 29 words of memory, of which the last 24 are the pairing input itself:
/// </para>
/// <code>
/// 0x000 vk_x accumulator (IC0, then ecAdd [vk_x | x_i IC_i] at 0x00 -> 0x00; the last ecAdd
///       writes straight into the pairing input)
/// 0x040 ecMul input [IC_i, x_i] (0x40..0xa0), its output at 0x40
/// 0x0a0 pairing input, pairs (A, B) (C, -delta) (alpha, -beta) (vk_x, -gamma):
///       A, B, C by one calldatacopy; -delta, alpha, -beta, -gamma by one CODECOPY (a bytes
///       literal allocated at a chosen free-memory pointer)
/// </code>
/// <para>
/// e(A, B) e(C, -delta) e(alpha, -beta) e(vk_x, -gamma) = 1: the key's G2 points are negated
/// here, once, so the proof goes to the precompile exactly as it came (no -A to compute, and the
/// precompile sees the caller's own coordinates, a y >= q included). The ecMul and ecAdd calls of the sum
/// cannot fail on any input (the IC points are valid constants and any 256-bit scalar is
/// accepted), so they get all the gas and their status is not read: out of gas there, the pairing
/// fails too. Every check of the proof is the pairing precompile's (coordinates below q, points
/// on their curves, B in G2's order-r subgroup; a failed call reads as false), the signals' range
/// (x_i &lt; r, one folded flag) is ours. The pairing gets exactly its price (a failing precompile
/// burns all the gas it is given, so a malformed proof costs no more than a valid one), and a
/// failed pairing call that could not have had its price reverts instead of answering false, so
/// that starving the call of gas cannot turn a valid proof into a "false".
/// </para>
/// <para>
/// Measured (forge 1.7, solc 0.8.37, 200 optimizer runs; contracts/test/verifier/VerifierGas.t.sol):
/// about 281 gas per signal above the floor (200 of it the two calls) and 750 once (solc's
/// dispatcher and ABI decoding, about 230, the proof copy, the constants, memory, the pairing
/// call): floor + 2,715 at N = 7, + 3,277 at N = 9, + 4,401 at N = 13; snarkjs 0.7.6's template
/// on the same keys: + 5,598 and + 7,586.
/// </para>
/// <para>
/// Batch (verifyProofs): r_0 = 1, r_i = keccak256(seed, i) mod 2^128 with seed the keccak256 of
/// every proof word then every signal word; r_i A_i = ecMul(A_i, r_i) written straight into
/// its pair; sum r_i C_i by ecMul and ecAdd in place; the statements folded into one
/// (N + 1)-point multiexp with coefficients (sum r_i) on IC0 and sum_i r_i x_ij mod r on IC_j;
/// k + 3 pairs. Here the status of every call that touches proof data is folded into the verdict
/// (the ecMul on A_i, C_i and the ecAdd of C_i are where those points are first checked).
/// </para>
/// </remarks>
public static class Groth16VerifierGenerator
{
    /// <summary>snarkjs's contract name, the CLI's default.</summary>
    public const string DefaultContractName = "Groth16Verifier";

    /// <summary>The command that writes these files, named in their header.</summary>
    public const string GeneratingCommand = "crossmargin zkey export solidityverifier";

    private static readonly BigInteger R = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617", CultureInfo.InvariantCulture);

    /// <summary>
    /// The verifier's source for <paramref name="key"/>, contract <paramref name="contractName"/>.
    /// </summary>
    /// <remarks>
    /// The contract is the deployment's pin of the key on-chain: it accepts proofs under this key
    /// only, and its header names the key's <see cref="KeyDigest"/>. A degenerate key is refused
    /// (<see cref="DegenerateKeys.Refuse(VerificationKey)"/>, the check every reader of a key makes);
    /// passing says nothing of whether the key's maker can forge proofs.
    /// </remarks>
    /// <exception cref="DegenerateKeyException">The key is degenerate (an identity point, or a small relation among beta, gamma and delta).</exception>
    /// <exception cref="ArgumentException">The key has no public signal, or <paramref name="contractName"/> is not a Solidity identifier.</exception>
    public static string Generate(VerificationKey key, string contractName = DefaultContractName)
    {
        DegenerateKeys.Refuse(key);
        if (key.PublicCount == 0)
            throw new ArgumentException("the key has only IC[0]: a circuit without public signals has no uint[0] calldata argument in Solidity", nameof(key));
        if (!IsIdentifier(contractName))
            throw new ArgumentException($"'{contractName}' is not a Solidity identifier", nameof(contractName));
        return new Writer(key, contractName, KeyDigest.Of(key)).Write();
    }

    /// <summary>
    /// Reads a verification key from a .zkey or a verification_key.json, told apart by content
    /// (a .zkey begins with the magic "zkey"), not by the name.
    /// </summary>
    /// <exception cref="CircomFormatException">The file is neither, or is malformed (the message names it).</exception>
    /// <exception cref="DegenerateKeyException">The key is degenerate (the message names the file and the fault).</exception>
    public static VerificationKey ReadKey(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (read == 4 && Encoding.ASCII.GetString(magic) == ZkeyFile.Magic) return ZkeyFile.ReadVerificationKey(path);
        return SnarkjsJson.ReadVerificationKey(path);
    }

    private static bool IsIdentifier(string name) =>
        !string.IsNullOrEmpty(name)
        && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$')
        && !SolidityKeywords.Contains(name);

    private static readonly HashSet<string> SolidityKeywords =
    [
        "contract", "function", "uint", "uint256", "int", "bool", "address", "bytes", "string", "mapping", "struct", "enum",
        "event", "error", "modifier", "library", "interface", "abstract", "return", "returns", "if", "else", "for", "while",
        "assembly", "memory", "calldata", "storage", "public", "private", "internal", "external", "pure", "view", "payable",
        "constant", "immutable", "true", "false", "this", "super", "new", "delete", "emit", "revert", "import", "pragma",
    ];

    private sealed class Writer(VerificationKey key, string name, string digest)
    {
        private readonly StringBuilder _s = new();
        private int N => key.PublicCount;

        public string Write()
        {
            Header();
            Constants();
            PublicSignalCount();
            VerifyProof();
            VerifyProofs();
            L("}");
            return _s.ToString();
        }

        private void L(string line = "") => _s.Append(line).Append('\n');

        private static string D(BigInteger v) => v.ToString(CultureInfo.InvariantCulture);

        private void Header()
        {
            L($"// Generated by `{GeneratingCommand}` from the Groth16 verification key whose");
            L($"// verification_key.json (as `zkey export verificationkey` writes it) has SHA-256");
            L($"// {digest}.");
            L("// Do not edit: regenerate it from the key.");
            L("// SPDX-License-Identifier: UNLICENSED");
            L("pragma solidity >=0.8.24 <0.9.0;");
            L();
            L($"/// @title {name}");
            L($"/// @notice Groth16 (BN254) verifier for one circuit's key, {N} public signals: snarkjs 0.7.6's");
            L("///         verifyProof ABI, and the batch check of IGroth16Verifier (publicSignalCount, verifyProofs).");
            L("/// @dev Both entry points answer false, never revert, for a false or malformed proof or a signal >= r;");
            L("///      they revert only when given too little gas to run the pairing (so that a valid proof can never");
            L("///      read as false for lack of gas). The memory layout and the gas reasoning are in");
            L("///      src/CrossMargin.Chain/Solidity/Groth16VerifierGenerator.cs.");
            L($"contract {name} {{");
        }

        private void Constants()
        {
            L("    // The scalar field's order r: public signals must be below it; batch coefficients are mod r.");
            L($"    uint256 internal constant R = {D(R)};");
            L($"    uint256 internal constant N_PUBLIC = {N};");
            L();
            L("    // The key. G2 coordinates in the precompile's order: x.c1, x.c0, y.c1, y.c0.");
            G1("ALPHA", key.Alpha1);
            L("    // The pairing check is e(A, B) e(C, -delta) e(alpha, -beta) e(vk_x, -gamma) = 1: the G2 points");
            L("    // of the key are stored negated, so that the proof needs no negation.");
            G2("MINUS_BETA", key.Beta2.Negate());
            G2("MINUS_GAMMA", key.Gamma2.Negate());
            G2("MINUS_DELTA", key.Delta2.Negate());
            for (var i = 0; i < key.IC.Length; i++) G1($"IC{i}", key.IC[i]);
            L();
        }

        private void G1(string prefix, in G1Affine p)
        {
            L($"    uint256 internal constant {prefix}_X = {D(p.X.ToBigInteger())};");
            L($"    uint256 internal constant {prefix}_Y = {D(p.Y.ToBigInteger())};");
        }

        private void G2(string prefix, in G2Affine p)
        {
            L($"    uint256 internal constant {prefix}_X1 = {D(p.X.C1.ToBigInteger())};");
            L($"    uint256 internal constant {prefix}_X0 = {D(p.X.C0.ToBigInteger())};");
            L($"    uint256 internal constant {prefix}_Y1 = {D(p.Y.C1.ToBigInteger())};");
            L($"    uint256 internal constant {prefix}_Y0 = {D(p.Y.C0.ToBigInteger())};");
        }

        private void StoreG2(string indent, string at, string prefix)
        {
            L($"{indent}mstore({at}, {prefix}_X1)");
            L($"{indent}mstore(add({at}, 0x20), {prefix}_X0)");
            L($"{indent}mstore(add({at}, 0x40), {prefix}_Y1)");
            L($"{indent}mstore(add({at}, 0x60), {prefix}_Y0)");
        }

        private void StoreG2At(string indent, int at, string prefix)
        {
            L($"{indent}mstore({Hex(at)}, {prefix}_X1)");
            L($"{indent}mstore({Hex(at + 0x20)}, {prefix}_X0)");
            L($"{indent}mstore({Hex(at + 0x40)}, {prefix}_Y1)");
            L($"{indent}mstore({Hex(at + 0x60)}, {prefix}_Y0)");
        }

        private static string Hex(int v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);

        private void PublicSignalCount()
        {
            L("    /// @notice The number N of public signals of the circuit this verifier was generated for.");
            L("    function publicSignalCount() external pure returns (uint256) {");
            L("        return N_PUBLIC;");
            L("    }");
            L();
        }

        private void VerifyProof()
        {
            const string i3 = "            ";
            // The pairing input starts at P; words p_w = P + 32 w (see the class remarks).
            const int P = 0xa0;
            static string At(int word) => Hex(P + 32 * word);
            L("    /// @notice Whether (_pA, _pB, _pC) proves _pubSignals (snarkjs's calldata: G2 coordinates imaginary part first).");
            L("    /// @return false for a false proof, a point that is malformed (coordinate >= q, off its curve, B outside");
            L("    ///         G2's order-r subgroup) or a signal >= r.");
            L($"    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[{N}] calldata _pubSignals) public view returns (bool) {{");
            L("        // -delta, alpha, -beta, (room for vk_x), -gamma: words 8 to 23 of the pairing input, placed by");
            L("        // allocating them as one bytes literal at a chosen free-memory pointer (solc copies a literal");
            L("        // longer than 32 bytes from the code with one CODECOPY); its length word lands on C.y,");
            L("        // which the proof's copy then overwrites.");
            L("        assembly {");
            L($"            mstore(0x40, {At(7)})");
            L("        }");
            var constants = new StringBuilder();
            var (minusBeta, minusGamma, minusDelta) = (key.Beta2.Negate(), key.Gamma2.Negate(), key.Delta2.Negate());
            foreach (var word in new[] { minusDelta.X.C1, minusDelta.X.C0, minusDelta.Y.C1, minusDelta.Y.C0 }) constants.Append(Word(word.ToBigInteger()));
            constants.Append(Word(key.Alpha1.X.ToBigInteger())).Append(Word(key.Alpha1.Y.ToBigInteger()));
            foreach (var word in new[] { minusBeta.X.C1, minusBeta.X.C0, minusBeta.Y.C1, minusBeta.Y.C0 }) constants.Append(Word(word.ToBigInteger()));
            constants.Append(Word(BigInteger.Zero)).Append(Word(BigInteger.Zero));
            foreach (var word in new[] { minusGamma.X.C1, minusGamma.X.C0, minusGamma.Y.C1, minusGamma.Y.C0 }) constants.Append(Word(word.ToBigInteger()));
            L($"        bytes memory pairingConstants = hex\"{constants}\";");
            L("        assembly {");
            L("            // The ABI places the static arguments in order from 0x04: A (0x04), B (0x44), C (0xc4),");
            L("            // the signals (0x104); the layout is fixed by the ABI, so only _pA's offset is read.");
            L("            pop(_pB)");
            L("            pop(_pC)");
            L("            pop(_pubSignals)");
            L("            pop(pairingConstants)");
            L("            // A, B, C into place with one copy, as they came: the pairing precompile checks them.");
            L($"            calldatacopy({At(0)}, _pA, 0x100)");
            L("            // vk_x = IC0 + sum x_i IC_i, accumulated at 0x00: ecMul [IC_i, x_i] at 0x40 -> 0x40, then");
            L("            // ecAdd [vk_x | x_i IC_i] at 0x00 -> 0x00, the last one straight into the pairing input.");
            L("            // Neither call can fail on any input (valid constant points, any 256-bit scalar), so they");
            L("            // get all the gas and their status is not read: out of gas, the pairing fails too.");
            L($"{i3}mstore(0x00, IC0_X)");
            L($"{i3}mstore(0x20, IC0_Y)");
            for (var i = 1; i <= N; i++)
            {
                L($"{i3}mstore(0x40, IC{i}_X)");
                L($"{i3}mstore(0x60, IC{i}_Y)");
                L($"{i3}mstore(0x80, calldataload({Hex(0x104 + 32 * (i - 1))}))");
                L($"{i3}pop(staticcall(gas(), 7, 0x40, 0x60, 0x40, 0x40))");
                var destination = i == N ? At(18) : "0x00";
                L($"{i3}pop(staticcall(gas(), 6, 0x00, 0x80, {destination}, 0x40))");
            }
            L("            // Every signal below r, as one flag. r is held in a variable: solc's constant optimiser");
            L("            // turns a 32-byte constant used many times into a codecopy and mload (about 25 gas each).");
            L("            let field := R");
            var check = new StringBuilder();
            for (var i = 0; i < N; i++)
            {
                var term = $"lt(calldataload({Hex(0x104 + 32 * i)}), field)";
                check.Append(i < N - 1 ? $"and({term}, " : term);
            }
            check.Append(')', N - 1);
            L($"{i3}let ok := {check}");
            L("            // The pairing gets exactly its price, so that a malformed proof costs the caller no more");
            L("            // than a valid one (a failing precompile burns all the gas it was given).");
            L($"            let success := staticcall(181000, 8, {At(0)}, 0x300, 0x00, 0x20)");
            L("            // A failed pairing is a malformed proof, unless the call could not get its 181,000 (it then");
            L("            // got 63/64 of what was left and burnt it, leaving under 181,000 / 63): revert, not false,");
            L("            // so that starving the call of gas cannot make a valid proof read as false.");
            L("            if iszero(success) {");
            L("                if lt(gas(), 2900) { revert(0, 0) }");
            L("            }");
            L("            mstore(0x00, and(ok, and(success, mload(0x00))))");
            L("            return(0x00, 0x20)");
            L("        }");
            L("    }");
            L();
        }

        private static string Word(BigInteger v) => v.ToString("x64", CultureInfo.InvariantCulture)[^64..];

        private void VerifyProofs()
        {
            const string i3 = "            ";
            // Fixed addresses keep the stack shallow: the coefficients c_j right after the keccak
            // scratch, the batch (then the pairing input) after them.
            var c = Hex(0x40);
            var p = Hex(0x40 + 32 * N);
            L("    /// @notice Whether every proof of a batch verifies: k proofs (8k words, snarkjs's calldata order) against");
            L("    ///         k statements (N k words), by one random linear combination with r_0 = 1 and 128-bit r_i drawn");
            L("    ///         from keccak256 over the whole batch and i: k + 3 pairing pairs, one (N + 1)-point multiexp.");
            L("    /// @return false if any proof is false or malformed, a signal is >= r, or the lengths do not match (k = 0 included).");
            L("    function verifyProofs(uint256[] calldata proofs, uint256[] calldata publicSignals) external view returns (bool) {");
            L("        assembly {");
            L($"            // c_j += r x_j mod r (c_j at {c} + 32 j) for the statement at sig; 0 if a signal is >= r.");
            L("            function fold(sig, r) -> ok {");
            L("                ok := 1");
            L("                let field := R");
            L($"                for {{ let j := 0 }} lt(j, {Hex(32 * N)}) {{ j := add(j, 0x20) }} {{");
            L("                    let x := calldataload(add(sig, j))");
            L("                    ok := and(ok, lt(x, field))");
            L($"                    let at := add({c}, j)");
            L("                    mstore(at, addmod(mload(at), mulmod(r, x, field), field))");
            L("                }");
            L("            }");
            L();
            L("            let k := shr(3, proofs.length)");
            L($"            if or(or(iszero(k), and(proofs.length, 7)), iszero(eq(publicSignals.length, mul(k, {N})))) {{");
            L("                mstore(0x00, 0)");
            L("                return(0x00, 0x20)");
            L("            }");
            L();
            L($"            // Memory: 0x00 keccak scratch [seed, i]; {c} the N coefficients c_j; from {p} first the batch");
            L("            // (to hash it), then the pairing input: k pairs (r_i A_i, B_i), then (rsum alpha, -beta),");
            L("            // (vk_x, -gamma), (sum r_i C_i, -delta).");
            L("            {");
            L("                let proofBytes := shl(8, k)");
            L($"                let signalBytes := mul(k, {Hex(32 * N)})");
            L($"                calldatacopy({p}, proofs.offset, proofBytes)");
            L($"                calldatacopy(add({p}, proofBytes), publicSignals.offset, signalBytes)");
            L($"                mstore(0x00, keccak256({p}, add(proofBytes, signalBytes)))");
            L("            }");
            L($"            calldatacopy({c}, calldatasize(), {Hex(32 * N)})");
            L($"            let cPair := add({p}, mul(add(k, 2), 0xc0))");
            L();
            L("            // Proof 0, r_0 = 1: A and B as they came (the pairing checks them); C starts the sum of r_i C_i.");
            L($"            calldatacopy({p}, proofs.offset, 0xc0)");
            L("            calldatacopy(cPair, add(proofs.offset, 0xc0), 0x40)");
            L("            let ok := fold(publicSignals.offset, 1)");
            L("            let field := R");
            L("            let rsum := 1");
            L("            for { let i := 1 } lt(i, k) { i := add(i, 1) } {");
            L("                mstore(0x20, i)");
            L("                let r := and(keccak256(0x00, 0x40), 0xffffffffffffffffffffffffffffffff)");
            L("                rsum := addmod(rsum, r, field)");
            L("                let proof := add(proofs.offset, shl(8, i))");
            L("                ok := and(ok, fold(add(publicSignals.offset, mul(i, " + Hex(32 * N) + ")), r))");
            L("                // sum += r C: ecMul [C, r] at cPair + 0x40, then ecAdd [sum | r C] at cPair (both check C).");
            L("                calldatacopy(add(cPair, 0x40), add(proof, 0xc0), 0x40)");
            L("                mstore(add(cPair, 0x80), r)");
            L("                ok := and(ok, staticcall(6000, 7, add(cPair, 0x40), 0x60, add(cPair, 0x40), 0x40))");
            L("                ok := and(ok, staticcall(150, 6, cPair, 0x80, cPair, 0x40))");
            L("                // r_i A, straight into the pair (the ecMul checks A), then B beside it.");
            L($"                let pair := add({p}, mul(i, 0xc0))");
            L("                calldatacopy(pair, proof, 0x40)");
            L("                mstore(add(pair, 0x40), r)");
            L("                ok := and(ok, staticcall(6000, 7, pair, 0x60, pair, 0x40))");
            L("                calldatacopy(add(pair, 0x40), add(proof, 0x40), 0x80)");
            L("            }");
            StoreG2(i3, "add(cPair, 0x40)", "MINUS_DELTA");
            L();
            L("            {");
            L("                // (sum r_i) alpha; the constant point cannot make the call fail.");
            L("                let alphaPair := sub(cPair, 0x180)");
            L("                mstore(alphaPair, ALPHA_X)");
            L("                mstore(add(alphaPair, 0x20), ALPHA_Y)");
            L("                mstore(add(alphaPair, 0x40), rsum)");
            L("                pop(staticcall(6000, 7, alphaPair, 0x60, alphaPair, 0x40))");
            StoreG2(i3 + "    ", "add(alphaPair, 0x40)", "MINUS_BETA");
            L("            }");
            L("            {");
            L("                // sum_i r_i vk_x_i = rsum IC0 + sum_j c_j IC_j, accumulated in the pair's G1 slot.");
            L("                let vkPair := sub(cPair, 0xc0)");
            L("                mstore(vkPair, IC0_X)");
            L("                mstore(add(vkPair, 0x20), IC0_Y)");
            L("                mstore(add(vkPair, 0x40), rsum)");
            L("                pop(staticcall(6000, 7, vkPair, 0x60, vkPair, 0x40))");
            for (var j = 1; j <= N; j++)
            {
                L($"{i3}    mstore(add(vkPair, 0x40), IC{j}_X)");
                L($"{i3}    mstore(add(vkPair, 0x60), IC{j}_Y)");
                L($"{i3}    mstore(add(vkPair, 0x80), mload({Hex(0x40 + 32 * (j - 1))}))");
                L($"{i3}    pop(staticcall(6000, 7, add(vkPair, 0x40), 0x60, add(vkPair, 0x40), 0x40))");
                L($"{i3}    pop(staticcall(150, 6, vkPair, 0x80, vkPair, 0x40))");
            }
            StoreG2(i3 + "    ", "add(vkPair, 0x40)", "MINUS_GAMMA");
            L("            }");
            L();
            L("            let price := add(45000, mul(34000, add(k, 3)))");
            L($"            let success := staticcall(price, 8, {p}, mul(add(k, 3), 0xc0), 0x00, 0x20)");
            L("            if iszero(success) {");
            L("                // Out of gas rather than malformed (see verifyProof): revert, not false.");
            L("                if lt(mul(gas(), 63), add(price, 2000)) { revert(0, 0) }");
            L("            }");
            L("            mstore(0x00, and(ok, and(success, mload(0x00))))");
            L("            return(0x00, 0x20)");
            L("        }");
            L("    }");
        }
    }
}
