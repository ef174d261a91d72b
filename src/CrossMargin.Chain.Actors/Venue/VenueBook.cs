using System.Globalization;
using System.Numerics;
using CrossMargin.Margin;

namespace CrossMargin.Chain.Actors.Venue;

/// <summary>A file of a venue operator's data directory that cannot be read as what it should hold: the message names the file and the JSON path.</summary>
public sealed class VenueBookException(string file, string path, string problem) : MalformedInputException($"{file}: {path}: {problem}")
{
    public string File { get; } = file;
    public string JsonPath { get; } = path;
}

/// <summary>
/// The liquidation a venue is closing or has closed for one account: the gate's liquidation id,
/// the loss claimed from the vault (in the settlement token's base units), and the post that goes
/// with it (the closed state's commitment, 0 when nothing is left, at <see cref="StateNonce"/>).
/// <see cref="Settled"/> is false from just before the transaction is sent until its receipt.
/// </summary>
public sealed record SettlementRecord(string Account, ulong LiquidationId, BigInteger Loss, BigInteger Commitment, ulong StateNonce, bool Settled);

/// <summary>
/// A venue operator's book, one data directory (docs/venue.md, "What the operator keeps"):
/// <list type="bullet">
/// <item><c>venue.json</c>: which venue of which chain the book is for (a book is never used for another);</item>
/// <item><c>openings/&lt;account&gt;.json</c>: the account's current opening, the <see cref="Opening"/> file its owner proves with (the outbox);</item>
/// <item><c>pending/&lt;account&gt;.json</c>: an opening whose post is in flight: written before the transaction is sent;</item>
/// <item><c>proposed/&lt;account&gt;.json</c>: a post-trade opening waiting for the trader's initial-margin proof (perp venue);</item>
/// <item><c>settlements/&lt;account&gt;.json</c>: the last liquidation settled (or being settled) for the account;</item>
/// <item><c>watcher.json</c>: the first block the liquidation watcher has not read yet.</item>
/// </list>
/// Accounts are lower-case 0x addresses. Every file is written whole or not at all (a temporary
/// file renamed over the old one) and read strictly; a file that cannot be read is a
/// <see cref="VenueBookException"/> naming it.
/// </summary>
public sealed class VenueBook
{
    private const string IdentityFormat = "crossmargin-venue-book/1";
    private const string SettlementFormat = "crossmargin-venue-settlement/1";
    private const string WatcherFormat = "crossmargin-venue-watcher/1";

    private readonly MarginConfiguration _configuration;

    private VenueBook(string directory, MarginConfiguration configuration)
    {
        Directory = directory;
        _configuration = configuration;
    }

    public string Directory { get; }

    /// <summary>
    /// The book in <paramref name="directory"/> for venue <paramref name="venue"/> (registry index
    /// <paramref name="venueIndex"/>) of <paramref name="registry"/> on chain <paramref name="chainId"/>:
    /// created when the directory holds none, refused when it holds another venue's.
    /// </summary>
    public static VenueBook Open(string directory, MarginConfiguration configuration, ulong chainId, string registry, string venue, uint venueIndex)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(configuration);
        var book = new VenueBook(Path.GetFullPath(directory), configuration);
        var identityFile = Path.Combine(book.Directory, "venue.json");
        var expected = new IdentityDto
        {
            Format = IdentityFormat,
            ChainId = chainId.ToString(CultureInfo.InvariantCulture),
            Registry = registry.ToLowerInvariant(),
            Venue = venue.ToLowerInvariant(),
            VenueIndex = venueIndex.ToString(CultureInfo.InvariantCulture),
        };
        if (System.IO.File.Exists(identityFile))
        {
            var found = ReadJson<IdentityDto>(identityFile, IdentityFormat, d => d.Format);
            foreach (var (name, have, want) in new[]
            {
                ("chainId", found.ChainId, expected.ChainId), ("registry", found.Registry, expected.Registry),
                ("venue", found.Venue, expected.Venue), ("venueIndex", found.VenueIndex, expected.VenueIndex),
            })
            {
                if (have != want)
                    throw new VenueBookException(identityFile, "$." + name, $"the book is for {name} {have}, this operator runs {want}: use another data directory");
            }
        }
        else
        {
            if (System.IO.Directory.Exists(book.Directory) && System.IO.Directory.EnumerateFileSystemEntries(book.Directory).Any())
                throw new VenueBookException(identityFile, "$", "missing in a data directory that is not empty: not a venue book (give an empty or a new directory)");
            WriteJson(identityFile, expected);
        }
        foreach (var folder in new[] { "openings", "pending", "proposed", "settlements" })
            System.IO.Directory.CreateDirectory(Path.Combine(book.Directory, folder));
        return book;
    }

    /// <summary>The account's current opening (the outbox file its owner reads); null when the venue holds nothing for it.</summary>
    public Opening? Current(string account) => ReadOpening("openings", account);

    public Opening? Pending(string account) => ReadOpening("pending", account);

    public Opening? Proposed(string account) => ReadOpening("proposed", account);

    /// <summary>Where the account's current opening lives (the file handed to its owner).</summary>
    public string CurrentPath(string account) => OpeningPath("openings", account);

    public string ProposedPath(string account) => OpeningPath("proposed", account);

    public void WritePending(Opening opening) => opening.Write(OpeningPath("pending", opening.Account));

    public void WriteProposed(Opening opening) => opening.Write(OpeningPath("proposed", opening.Account));

    public void DropPending(string account) => System.IO.File.Delete(OpeningPath("pending", account));

    public void DropProposed(string account) => System.IO.File.Delete(OpeningPath("proposed", account));

    /// <summary>
    /// Makes <paramref name="opening"/> the account's current one (null: the venue holds nothing
    /// now) and drops what was in flight for it. The new current file is written first, so a
    /// crash in between leaves a pending file that the next start finds landed.
    /// </summary>
    public void MakeCurrent(string account, Opening? opening)
    {
        if (opening is null) System.IO.File.Delete(CurrentPath(account));
        else opening.Write(CurrentPath(account));
        DropPending(account);
        DropProposed(account);
    }

    /// <summary>Every account with something in the book (a current, pending or proposed opening, or a settlement).</summary>
    public IReadOnlyList<string> Accounts() =>
        [.. new[] { "openings", "pending", "proposed", "settlements" }
            .SelectMany(folder => System.IO.Directory.EnumerateFiles(Path.Combine(Directory, folder), "*.json"))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(IsAccountName)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    public SettlementRecord? Settlement(string account)
    {
        var path = Path.Combine(Directory, "settlements", account + ".json");
        if (!System.IO.File.Exists(path)) return null;
        var dto = ReadJson<SettlementDto>(path, SettlementFormat, d => d.Format);
        if (!string.Equals(dto.Account, account, StringComparison.Ordinal))
            throw new VenueBookException(path, "$.account", $"'{dto.Account}' in the file of {account}");
        return new SettlementRecord(dto.Account, Unsigned(dto.LiquidationId, path, "$.liquidationId"), Integer(dto.Loss, path, "$.loss"),
            Integer(dto.Commitment, path, "$.commitment"), Unsigned(dto.StateNonce, path, "$.stateNonce"), dto.Settled);
    }

    public void WriteSettlement(SettlementRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        WriteJson(Path.Combine(Directory, "settlements", record.Account + ".json"), new SettlementDto
        {
            Format = SettlementFormat,
            Account = record.Account,
            LiquidationId = record.LiquidationId.ToString(CultureInfo.InvariantCulture),
            Loss = record.Loss.ToString(CultureInfo.InvariantCulture),
            Commitment = record.Commitment.ToString(CultureInfo.InvariantCulture),
            StateNonce = record.StateNonce.ToString(CultureInfo.InvariantCulture),
            Settled = record.Settled,
        });
    }

    public void DropSettlement(string account) => System.IO.File.Delete(Path.Combine(Directory, "settlements", account + ".json"));

    /// <summary>The first block the liquidation watcher has not read; null before its first pass.</summary>
    public ulong? WatcherCursor()
    {
        var path = Path.Combine(Directory, "watcher.json");
        if (!System.IO.File.Exists(path)) return null;
        return Unsigned(ReadJson<WatcherDto>(path, WatcherFormat, d => d.Format).NextBlock, path, "$.nextBlock");
    }

    public void WriteWatcherCursor(ulong nextBlock) =>
        WriteJson(Path.Combine(Directory, "watcher.json"), new WatcherDto { Format = WatcherFormat, NextBlock = nextBlock.ToString(CultureInfo.InvariantCulture) });

    /// <summary>Whether <paramref name="name"/> is an account as the book names them: 0x and 40 lower-case hex digits.</summary>
    public static bool IsAccountName(string? name) =>
        name is { Length: 42 } && name.StartsWith("0x", StringComparison.Ordinal) && name[2..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private string OpeningPath(string folder, string account)
    {
        // The account names a file: only the book's own spelling may reach the file system.
        if (!IsAccountName(account)) throw new ArgumentException($"'{account}' is not an account as the book names them (0x and 40 lower-case hex digits)", nameof(account));
        return Path.Combine(Directory, folder, account + ".json");
    }

    private Opening? ReadOpening(string folder, string account)
    {
        var path = OpeningPath(folder, account);
        if (!System.IO.File.Exists(path)) return null;
        // A damaged opening is an OpeningFileException naming the file and the JSON path.
        var opening = Opening.Read(path, _configuration);
        if (!string.Equals(opening.Account, account, StringComparison.OrdinalIgnoreCase))
            throw new VenueBookException(path, "$.account", $"'{opening.Account}' in the file of {account}");
        return opening;
    }

    private static T ReadJson<T>(string path, string format, Func<T, string> formatOf)
        where T : class
    {
        var dto = StrictJson.Deserialize<T>(System.IO.File.ReadAllText(path), $"a {format} file", (at, problem) => new VenueBookException(path, at, problem));
        if (formatOf(dto) != format) throw new VenueBookException(path, "$.format", $"'{formatOf(dto)}', expected '{format}'");
        return dto;
    }

    private static void WriteJson<T>(string path, T dto) => StrictJson.WriteFile(path, dto);

    private static BigInteger Integer(string text, string path, string where) =>
        VenueRequests.UInt256(text) ?? throw new VenueBookException(path, where, $"'{(text.Length > 48 ? text[..45] + "..." : text)}' is not a decimal uint256");

    private static ulong Unsigned(string text, string path, string where)
    {
        var value = Integer(text, path, where);
        return value <= ulong.MaxValue ? (ulong)value : throw new VenueBookException(path, where, $"{text} is 2^64 or more");
    }

    private sealed class IdentityDto
    {
        public required string Format { get; init; }
        public required string ChainId { get; init; }
        public required string Registry { get; init; }
        public required string Venue { get; init; }
        public required string VenueIndex { get; init; }
    }

    private sealed class SettlementDto
    {
        public required string Format { get; init; }
        public required string Account { get; init; }
        public required string LiquidationId { get; init; }
        public required string Loss { get; init; }
        public required string Commitment { get; init; }
        public required string StateNonce { get; init; }
        public required bool Settled { get; init; }
    }

    private sealed class WatcherDto
    {
        public required string Format { get; init; }
        public required string NextBlock { get; init; }
    }
}
