using System.Numerics;
using System.Text;
using Wasmtime;

namespace CrossMargin.Snarkjs;

/// <summary>
/// The circuit refused its inputs: its own assert or a runtime error inside the wasm (an invalid
/// statement). A wasm that is not a circom witness generator is a <see cref="CircomFormatException"/>,
/// an input the circuit does not take a <see cref="CircuitInputException"/>. The message carries
/// circom's own message and any log output.
/// </summary>
public sealed class WitnessCalculationException(string message, string? circuitLog = null)
    : InvalidStatementException(circuitLog is { Length: > 0 } ? $"{message}\ncircuit log:\n{circuitLog}" : message)
{
    /// <summary>What the circuit printed with log() before the failure.</summary>
    public string? CircuitLog { get; } = circuitLog;
}

/// <summary>
/// Runs a circom 2 witness generator (the .wasm that `circom --wasm` writes) in-process under
/// Wasmtime, with the host interface of circom's witness_calculator.js: the runtime imports
/// (exceptionHandler, printErrorMessage, writeBufferMessage, showSharedRWMemory) and the
/// exports that move field elements through a shared buffer of 32-bit words, least significant
/// first. One instance per compiled module; <see cref="Calculate"/> may be called repeatedly
/// (not concurrently).
/// </summary>
public sealed class WitnessCalculator : IDisposable
{
    private static readonly Lazy<Engine> SharedEngine = new(() => new Engine(new Config().WithEpochInterruption(true)));

    private static readonly string[] CircomErrors =
    [
        "unknown error",
        "signal not found",
        "too many signals set",
        "signal already set",
        "assert failed",
        "not enough memory",
        "input signal array access exceeds the size",
        "out of bounds array access",
    ];

    private readonly Module _module;
    private readonly Store _store;
    private readonly Instance _instance;
    private readonly StringBuilder _errors = new();
    private readonly StringBuilder _log = new();
    private readonly StringBuilder _logLine = new();
    private int? _errorCode;

    private readonly Action<int> _init;
    private readonly Func<int, int> _readShared;
    private readonly Action<int, int> _writeShared;
    private readonly Func<int, int, int> _inputSignalSize;
    private readonly Action<int, int, int> _setInputSignal;
    private readonly Func<int> _inputSize;
    private readonly Action<int> _getWitness;
    private readonly Func<int> _messageChar;
    private readonly Memory? _memory;
    private readonly long _sharedStart;

    private WitnessCalculator(string path, Module module)
    {
        Path = path;
        _module = module;
        _store = new Store(SharedEngine.Value);
        using var linker = new Linker(SharedEngine.Value);
        linker.DefineFunction("runtime", "exceptionHandler", (int code) =>
        {
            _errorCode = code;
            throw new InvalidOperationException("circom runtime exception");
        });
        linker.DefineFunction("runtime", "printErrorMessage", () => { _errors.AppendLine(ReadMessage()); });
        linker.DefineFunction("runtime", "writeBufferMessage", () =>
        {
            // log() arguments arrive one message each, then a lone "\n" ends the line.
            var message = ReadMessage();
            if (message == "\n")
            {
                _log.AppendLine(_logLine.ToString());
                _logLine.Clear();
            }
            else
            {
                if (_logLine.Length > 0) _logLine.Append(' ');
                _logLine.Append(message);
            }
        });
        linker.DefineFunction("runtime", "showSharedRWMemory", () =>
        {
            if (_logLine.Length > 0) _logLine.Append(' ');
            _logLine.Append(ReadShared());
        });

        _store.SetEpochDeadline(ulong.MaxValue);
        try
        {
            _instance = linker.Instantiate(_store, module);
        }
        catch (WasmtimeException e)
        {
            throw new CircomFormatException(path, null, 0, $"cannot instantiate as a circom witness generator: {e.Message}");
        }

        var fieldWords = Export<Func<int>>("getFieldNumLen32", _instance.GetFunction<int>("getFieldNumLen32"))();
        if (fieldWords is <= 0 or > 32)
            throw new CircomFormatException(path, null, 0, $"field elements of {fieldWords} words are not plausible");
        FieldWords = fieldWords;
        Version = Export<Func<int>>("getVersion", _instance.GetFunction<int>("getVersion"))();
        _readShared = Export("readSharedRWMemory", _instance.GetFunction<int, int>("readSharedRWMemory"));
        _writeShared = Export("writeSharedRWMemory", _instance.GetAction<int, int>("writeSharedRWMemory"));
        _init = Export("init", _instance.GetAction<int>("init"));
        _inputSignalSize = Export("getInputSignalSize", _instance.GetFunction<int, int, int>("getInputSignalSize"));
        _setInputSignal = Export("setInputSignal", _instance.GetAction<int, int, int>("setInputSignal"));
        _inputSize = Export("getInputSize", _instance.GetFunction<int>("getInputSize"));
        _getWitness = Export("getWitness", _instance.GetAction<int>("getWitness"));
        _messageChar = Export("getMessageChar", _instance.GetFunction<int>("getMessageChar"));
        Export("getRawPrime", _instance.GetAction("getRawPrime"))();
        Prime = ReadShared();
        WitnessSize = Export("getWitnessSize", _instance.GetFunction<int>("getWitnessSize"))();
        (_memory, _sharedStart) = FindSharedBuffer();
        if (Prime != Fr.Modulus)
            throw new CircomFormatException(path, null, 0, $"the circuit is compiled for the prime {Prime}, not BN254's scalar field");
    }

    public string Path { get; }

    /// <summary>The circom version that generated the wasm (as its getVersion export reports).</summary>
    public int Version { get; }

    public int FieldWords { get; }
    public BigInteger Prime { get; }

    /// <summary>Number of witness values (wire 0, the constant 1, included).</summary>
    public int WitnessSize { get; }

    /// <summary>
    /// Loads <paramref name="wasmPath"/>. Compiling a large circuit's wasm takes Cranelift most of
    /// a second, so the compiled code is cached in <paramref name="cacheDirectory"/> (default:
    /// $XDG_CACHE_HOME/crossmargin/wasm or ~/.cache/crossmargin/wasm; null disables the cache),
    /// keyed by the SHA-256 of the wasm and the Wasmtime version. The cache holds native code:
    /// it must be a folder only this user can write, which is why it is not the temp folder.
    /// </summary>
    public static WitnessCalculator Load(string wasmPath, string? cacheDirectory = "")
    {
        byte[] wasm;
        try
        {
            wasm = File.ReadAllBytes(wasmPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CircomFormatException.CannotOpen(wasmPath, e);
        }
        if (cacheDirectory == "") cacheDirectory = UserCache.Directory("wasm");

        var module = cacheDirectory is null ? Compile(wasmPath, wasm) : LoadCached(wasmPath, wasm, cacheDirectory);
        try
        {
            return new WitnessCalculator(wasmPath, module);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private static Module Compile(string wasmPath, byte[] wasm)
    {
        try
        {
            return Module.FromBytes(SharedEngine.Value, System.IO.Path.GetFileName(wasmPath), wasm);
        }
        catch (WasmtimeException e)
        {
            throw new CircomFormatException(wasmPath, null, 0, $"not a loadable WebAssembly module: {e.Message}");
        }
    }

    private static Module LoadCached(string wasmPath, byte[] wasm, string cacheDirectory)
    {
        var version = typeof(Engine).Assembly.GetName().Version;
        var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(wasm));
        var cached = System.IO.Path.Combine(cacheDirectory, $"{key}-wasmtime-{version}.cwasm");
        if (File.Exists(cached))
        {
            try
            {
                return Module.DeserializeFile(SharedEngine.Value, System.IO.Path.GetFileName(wasmPath), cached);
            }
            catch (WasmtimeException)
            {
                // A damaged or foreign cache entry: compile afresh and replace it.
            }
        }
        var module = Compile(wasmPath, wasm);
        UserCache.TryWrite(cached, module.Serialize());
        return module;
    }

    /// <summary>
    /// Computes the witness for <paramref name="inputs"/> (see <see cref="CircuitInput"/>), values
    /// reduced modulo the prime. Every input signal must be given, with exactly its number of
    /// values. A <paramref name="timeout"/> stops a circuit that runs too long.
    /// </summary>
    public Fr[] Calculate(IReadOnlyList<KeyValuePair<string, BigInteger[]>> inputs, TimeSpan? timeout = null)
    {
        // One instance has one wasm store and one shared buffer: calls from two threads at once
        // would interleave inside them (Wasmtime aborts the process on that), so they take turns.
        lock (_calls) return CalculateAlone(inputs, timeout);
    }

    private readonly Lock _calls = new();

    private Fr[] CalculateAlone(IReadOnlyList<KeyValuePair<string, BigInteger[]>> inputs, TimeSpan? timeout)
    {
        _errorCode = null;
        _errors.Clear();
        _log.Clear();
        _logLine.Clear();

        using var watchdog = timeout is { } limit ? new Timer(_ => SharedEngine.Value.IncrementEpoch(), null, limit, Timeout.InfiniteTimeSpan) : null;
        _store.SetEpochDeadline(timeout is null ? ulong.MaxValue : 1);

        Guarded("init", () => _init(0));
        var set = 0;
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, values) in inputs)
        {
            // Setting a signal twice counts its values twice in the wasm, so the count below
            // would pass with another input never set (left 0): each name is given once.
            if (!given.Add(name))
                throw new CircuitInputException(name, "is given twice");
            var hash = Fnv1a64(name);
            var msb = (int)(hash >> 32);
            var lsb = (int)(hash & 0xFFFFFFFF);
            var size = Guarded("getInputSignalSize", () => _inputSignalSize(msb, lsb));
            // circom 2.2 answers 0 (older versions -1) for a name it does not know.
            if (size < 0 || (size == 0 && values.Length > 0))
                throw new CircuitInputException(name, "is not an input signal of the circuit");
            if (values.Length != size)
                throw new CircuitInputException(name, $"takes {size} value(s), {values.Length} given");
            for (var i = 0; i < values.Length; i++)
            {
                WriteShared(values[i]);
                var index = i;
                Guarded($"setting input '{name}'[{i}]", () => _setInputSignal(msb, lsb, index));
                set++;
            }
        }
        var expected = Guarded("getInputSize", () => _inputSize());
        if (set < expected)
            throw new CircuitInputException("$", $"not all inputs have been set: only {set} of the circuit's {expected} input values were given; {MissingInputs(given)}");

        var witness = new Fr[WitnessSize];
        Span<byte> bytes = stackalloc byte[32];
        var words = Math.Min(FieldWords, 8);
        var w = 0;
        try
        {
            // One getWitness call a value is unavoidable (it maps the witness index to its signal
            // and leaves Montgomery form); the value is then read from the shared buffer in the
            // instance's memory in one copy rather than one call a word (see _sharedStart).
            for (; w < WitnessSize; w++)
            {
                _getWitness(w);
                if (_memory is { } memory)
                {
                    memory.GetSpan(_sharedStart, 4 * words).CopyTo(bytes);
                }
                else
                {
                    for (var j = 0; j < words; j++)
                        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes[(4 * j)..], _readShared(j));
                }
                if (!Fr.TryReadLittleEndian(bytes, out witness[w]))
                    throw new CircomFormatException(Path, null, 0, $"witness value {w} is not reduced modulo the prime");
            }
        }
        catch (Exception e) when (e is WasmtimeException or InvalidOperationException)
        {
            throw Failure($"getWitness({w})", e);
        }
        return witness;
    }

    /// <summary>
    /// The instance's memory and the byte address of circom's shared read-write buffer, when the
    /// module exports both (circom 2's getSharedRWMemoryStart and memory) and the address checks
    /// out: a word written through writeSharedRWMemory reads back at that address. Otherwise null,
    /// and values are read one word a call through readSharedRWMemory as witness_calculator.js does.
    /// Reading 67k witness values costs 67k calls instead of 9 times as many.
    /// </summary>
    private (Memory?, long) FindSharedBuffer()
    {
        var memory = _instance.GetMemory("memory");
        var start = _instance.GetFunction<int>("getSharedRWMemoryStart");
        if (memory is null || start is null) return (null, 0);
        var address = (long)(uint)start();
        if (address + 4L * FieldWords > memory.GetLength()) return (null, 0);
        for (var j = 0; j < FieldWords; j++)
        {
            var probe = unchecked((int)0x9E3779B9 * (j + 1));
            _writeShared(j, probe);
            if (memory.ReadInt32(address + 4 * j) != probe || _readShared(j) != probe) return (null, 0);
        }
        return (memory, address);
    }

    /// <summary>What the circuit printed with log() during the last calculation.</summary>
    public string CircuitLog => _log.ToString() + _logLine;

    private T Guarded<T>(string what, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is WasmtimeException or InvalidOperationException)
        {
            throw Failure(what, e);
        }
    }

    private void Guarded(string what, Action call) => Guarded(what, () => { call(); return 0; });

    private WitnessCalculationException Failure(string what, Exception e)
    {
        if (_errorCode is { } code)
        {
            var kind = code > 0 && code < CircomErrors.Length ? CircomErrors[code] : CircomErrors[0];
            var detail = _errors.ToString().Trim();
            return new WitnessCalculationException($"{Path}: {kind}{(detail.Length > 0 ? ": " + detail : "")} (while {what})", CircuitLog.Trim());
        }
        if (e is TrapException { Type: TrapCode.Interrupt })
            return new WitnessCalculationException($"{Path}: stopped: the witness calculation ran past its time limit (while {what})", CircuitLog.Trim());
        return new WitnessCalculationException($"{Path}: the wasm trapped while {what}: {e.Message}", CircuitLog.Trim());
    }

    private string ReadMessage()
    {
        var message = new StringBuilder();
        for (var c = _messageChar(); c != 0 && message.Length < 1 << 16; c = _messageChar()) message.Append((char)c);
        return message.ToString();
    }

    private BigInteger ReadShared()
    {
        var bytes = new byte[4 * FieldWords];
        for (var j = 0; j < FieldWords; j++)
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * j), _readShared(j));
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    private void WriteShared(BigInteger value)
    {
        var reduced = BigInteger.Remainder(value, Prime);
        if (reduced.Sign < 0) reduced += Prime;
        var bytes = new byte[4 * FieldWords];
        reduced.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        for (var j = 0; j < FieldWords; j++)
            _writeShared(j, System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * j)));
    }

    /// <summary>FNV-1a, 64 bits, over the name's UTF-16 code units, as witness_calculator.js hashes signal names.</summary>
    /// <summary>
    /// Names the inputs not given. The wasm answers only "is this name an input", so the
    /// candidates are main's signals in the circuit's .sym, where circom writes it beside the
    /// wasm's folder (&lt;dir&gt;/&lt;name&gt;.sym for &lt;dir&gt;/&lt;name&gt;_js/&lt;name&gt;.wasm).
    /// </summary>
    private string MissingInputs(HashSet<string> given)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)));
        var sym = folder is null ? null : System.IO.Path.Combine(folder, System.IO.Path.GetFileNameWithoutExtension(Path) + ".sym");
        if (sym is null || !File.Exists(sym)) return $"the circuit's .sym (looked for at {sym}) would name the missing ones";
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(sym))
        {
            var parts = line.Split(',', 4);
            if (parts.Length != 4 || !parts[3].StartsWith("main.", StringComparison.Ordinal)) continue;
            // "main.a[1][0]" is input "a"; a bus field or a subcomponent's signal probes as not an input.
            var name = System.Text.RegularExpressions.Regex.Replace(parts[3]["main.".Length..], @"(\[\d+\])+$", "");
            if (!seen.Add(name) || given.Contains(name)) continue;
            var hash = Fnv1a64(name);
            var size = Guarded("getInputSignalSize", () => _inputSignalSize((int)(hash >> 32), (int)(hash & 0xFFFFFFFF)));
            if (size > 0) missing.Add($"'{name}' ({size} value(s))");
            if (missing.Count == 20) break;
        }
        return missing.Count == 0 ? "no input signal of the circuit's .sym is missing by name" : "missing: " + string.Join(", ", missing);
    }

    internal static ulong Fnv1a64(string name)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in name)
        {
            hash ^= c;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }

    private T Export<T>(string name, T? function) where T : Delegate =>
        function ?? throw new CircomFormatException(Path, null, 0, $"not a circom witness generator: export '{name}' is missing or has another signature");

    public void Dispose()
    {
        _store.Dispose();
        _module.Dispose();
    }
}
