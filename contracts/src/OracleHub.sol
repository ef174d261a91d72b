// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

import {IOracleHub} from "./interfaces/IOracleHub.sol";
import {ChainHashLib} from "./libraries/ChainHashLib.sol";
import {ErrorsLib} from "./libraries/ErrorsLib.sol";
import {EventsLib} from "./libraries/EventsLib.sol";

/// @title OracleHub
/// @notice Price rounds for one circuit configuration: F = A + U feeds (A asset prices, then U
///         underlying prices), in the PRICE unit (10^-8 USD per token, < 2^56).
///
///         Reporters (REPORTER_ROLE) each report all F prices at once; a reporter's latest report
///         replaces its previous one. Anyone closes a round from the fresh reports (age <=
///         heartbeat, made after the last trip). Per feed, with n fresh reports sorted
///         x_(1) <= ... <= x_(n):
///           median  = x_(ceil(n/2))  (odd n: the middle report; even n: the LOWER of the two
///                     middle reports, a reported value, never a mean);
///           bounds:    minPrice[f] <= median <= maxPrice[f];
///           deviation: (x_(n) - x_(1)) * 10^6 <= maxDeviation * median;
///           jump:      |median - prev[f]| * 10^6 <= maxJump * prev[f], checked when the previous
///                      round closed at most jumpWindow seconds ago.
///         n < minReports reverts (nothing is wrong with the prices, there are too few). A
///         failed check trips the hub instead: no round, `tripped` set, the reports so far void;
///         no round closes until governance resets it. A closed round gets id previous + 1 and
///         the circuit's oracle digest: the Poseidon(5) chain, kind 2 (tag 2*2^40 + A*2^32 +
///         U*2^24), over [roundId, assetPrices, underlyingPrices].
/// @dev Prices are stored four 64-bit lanes per word. Reports carry the trip generation they
///      were made in; a trip starts a new generation, so the reports that caused it never close
///      a round, while reports made after the trip (even before the reset) may.
contract OracleHub is IOracleHub, AccessControl {
    // ------------------------------------------------------------------------------ constants

    /// @notice May report prices.
    bytes32 public constant REPORTER_ROLE = keccak256("REPORTER_ROLE");

    /// @notice Trip reasons (EventsLib.Tripped).
    uint8 public constant TRIP_BELOW_MIN = 1;
    uint8 public constant TRIP_ABOVE_MAX = 2;
    uint8 public constant TRIP_DEVIATION = 3;
    uint8 public constant TRIP_JUMP = 4;

    /// @notice Exclusive bound of a price: 2^56 (docs/margin-model.md, "Bounds").
    uint256 public constant PRICE_LIMIT = 2 ** 56;

    /// @notice 1 in the RATIO unit (10^-6).
    uint256 internal constant ONE = 1e6;

    // ------------------------------------------------------------------------------ immutables

    /// @notice A, U and F = A + U.
    uint256 public immutable ASSETS;
    uint256 public immutable UNDERLYINGS;
    uint256 public immutable FEEDS;
    /// @notice The oldest a report may be, in seconds, to count.
    uint64 public immutable HEARTBEAT;
    /// @notice Fresh reports a round needs (>= 1).
    uint256 public immutable MIN_REPORTS;
    /// @notice Largest spread (max - min)/median of a feed's reports, RATIO.
    uint256 public immutable MAX_DEVIATION;
    /// @notice Largest move |median - previous|/previous of a feed within JUMP_WINDOW, RATIO.
    uint256 public immutable MAX_JUMP;
    /// @notice Seconds after a round during which the jump breaker compares with it.
    uint64 public immutable JUMP_WINDOW;

    // ------------------------------------------------------------------------------ types

    /// @notice The hub's configuration: minPrice and maxPrice have F entries (PRICE unit).
    struct Config {
        uint64 heartbeat;
        uint256 minReports;
        uint256[] minPrice;
        uint256[] maxPrice;
        uint256 maxDeviation;
        uint256 maxJump;
        uint64 jumpWindow;
    }

    /// @notice When a reporter last reported, and in which trip generation.
    struct ReportHeader {
        uint64 timestamp;
        uint64 generation;
    }

    /// @notice A closed round's digest and closing time.
    struct Round {
        uint256 digest;
        uint64 timestamp;
    }

    // ------------------------------------------------------------------------------ storage

    /// @inheritdoc IOracleHub
    uint64 public latestRoundId;
    /// @inheritdoc IOracleHub
    uint64 public resumedAt;
    /// @notice The trip generation: reports of an earlier one are void.
    uint64 public generation;
    /// @inheritdoc IOracleHub
    bool public tripped;

    /// @dev Feed f's bounds in word f/2, at bit 128*(f%2): minPrice in the low 64 bits, maxPrice above.
    mapping(uint256 word => uint256) internal _bounds;
    mapping(address reporter => ReportHeader) internal _reportHeaders;
    mapping(address reporter => mapping(uint256 word => uint256)) internal _reportWords;
    mapping(uint64 roundId => Round) internal _rounds;
    mapping(uint64 roundId => mapping(uint256 word => uint256)) internal _roundWords;
    /// @dev The holders of REPORTER_ROLE (kept by _grantRole/_revokeRole; OpenZeppelin's
    ///      AccessControlEnumerable would do, but its EnumerableSet warns under solc 0.8.37) and
    ///      each one's position + 1.
    address[] internal _reporters;
    mapping(address reporter => uint256) internal _reporterPosition;

    // ------------------------------------------------------------------------------ constructor

    /// @param assets A, 1..64. @param underlyings U, 1..16.
    /// @param governance DEFAULT_ADMIN_ROLE: grants REPORTER_ROLE and resets the breaker.
    /// @param config heartbeat >= 1, minReports >= 1, minPrice[f] <= maxPrice[f] < 2^56,
    ///        maxDeviation and maxJump < 2^64.
    constructor(uint256 assets, uint256 underlyings, address governance, Config memory config) {
        if (assets == 0 || assets > 64 || underlyings == 0 || underlyings > 16) {
            revert ErrorsLib.FeedCountOutOfRange(assets, underlyings);
        }
        if (governance == address(0)) revert ErrorsLib.ZeroAddress();
        uint256 feeds = assets + underlyings;
        if (config.heartbeat == 0) revert ErrorsLib.InvalidHubConfig("heartbeat", config.heartbeat);
        if (config.minReports == 0) revert ErrorsLib.InvalidHubConfig("minReports", config.minReports);
        if (config.maxDeviation >= 2 ** 64) revert ErrorsLib.InvalidHubConfig("maxDeviation", config.maxDeviation);
        if (config.maxJump >= 2 ** 64) revert ErrorsLib.InvalidHubConfig("maxJump", config.maxJump);
        if (config.minPrice.length != feeds) revert ErrorsLib.FeedLength(config.minPrice.length, feeds);
        if (config.maxPrice.length != feeds) revert ErrorsLib.FeedLength(config.maxPrice.length, feeds);
        for (uint256 f = 0; f < feeds; ++f) {
            uint256 lo = config.minPrice[f];
            uint256 hi = config.maxPrice[f];
            if (lo > hi || hi >= PRICE_LIMIT) revert ErrorsLib.InvalidPriceBounds(f, lo, hi);
            _bounds[f >> 1] |= (lo | (hi << 64)) << (128 * (f & 1));
        }
        ASSETS = assets;
        UNDERLYINGS = underlyings;
        FEEDS = feeds;
        HEARTBEAT = config.heartbeat;
        MIN_REPORTS = config.minReports;
        MAX_DEVIATION = config.maxDeviation;
        MAX_JUMP = config.maxJump;
        JUMP_WINDOW = config.jumpWindow;
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
    }

    // ------------------------------------------------------------------------------ entry points

    /// @notice The caller (a reporter) reports all F prices, asset prices first, each < 2^56;
    ///         the report replaces its previous one and is timestamped now.
    function report(uint256[] calldata prices) external onlyRole(REPORTER_ROLE) {
        uint256 feeds = FEEDS;
        if (prices.length != feeds) revert ErrorsLib.FeedLength(prices.length, feeds);
        mapping(uint256 => uint256) storage words = _reportWords[msg.sender];
        uint256 word;
        for (uint256 f = 0; f < feeds; ++f) {
            uint256 price = prices[f];
            if (price >= PRICE_LIMIT) revert ErrorsLib.PriceTooLarge(f, price);
            word |= price << (64 * (f & 3));
            if (f & 3 == 3 || f == feeds - 1) {
                words[f >> 2] = word;
                word = 0;
            }
        }
        _reportHeaders[msg.sender] = ReportHeader(uint64(block.timestamp), generation);
        emit EventsLib.PricesReported(msg.sender, uint64(block.timestamp), prices);
    }

    /// @notice Closes a round from the fresh reports (see the contract's notice), or trips the
    ///         hub. Anyone may call. Returns the new round's id, 0 when a breaker tripped.
    function closeRound() external returns (uint64 roundId) {
        if (tripped) revert ErrorsLib.HubTripped();
        (uint256[][] memory reports, uint256 n) = _freshReports();
        if (n < MIN_REPORTS) revert ErrorsLib.NotEnoughReports(n, MIN_REPORTS);

        uint256 feeds = FEEDS;
        uint256[] memory medians = new uint256[](feeds);
        uint256[] memory values = new uint256[](n);
        for (uint256 f = 0; f < feeds; ++f) {
            for (uint256 j = 0; j < n; ++j) {
                // Insertion sort: n is a handful of reporters.
                uint256 x = _lane(reports[j][f >> 2], f);
                uint256 k = j;
                for (; k > 0 && values[k - 1] > x; --k) {
                    values[k] = values[k - 1];
                }
                values[k] = x;
            }
            uint256 median = values[(n - 1) >> 1];
            if (_breaks(f, median, values[0], values[n - 1])) return 0;
            medians[f] = median;
        }
        roundId = _storeRound(medians);
    }

    /// @notice Clears a trip (governance). Reports made before the trip stay void.
    function reset() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!tripped) revert ErrorsLib.HubNotTripped();
        tripped = false;
        resumedAt = uint64(block.timestamp);
        emit EventsLib.HubReset(uint64(block.timestamp));
    }

    // ------------------------------------------------------------------------------ views

    /// @inheritdoc IOracleHub
    function roundOf(uint64 roundId) external view returns (uint256 digest, uint64 timestamp) {
        _requireRound(roundId);
        Round memory r = _rounds[roundId];
        return (r.digest, r.timestamp);
    }

    /// @inheritdoc IOracleHub
    /// @dev The breaker flag shares a word with latestRoundId, which the round check reads anyway.
    function roundForProof(uint64 roundId) external view returns (uint256 digest, uint64 timestamp, bool tripped_) {
        _requireRound(roundId);
        Round memory r = _rounds[roundId];
        return (r.digest, r.timestamp, tripped);
    }

    /// @inheritdoc IOracleHub
    function pricesOf(uint64 roundId)
        external
        view
        returns (uint256[] memory assetPrices, uint256[] memory underlyingPrices)
    {
        _requireRound(roundId);
        mapping(uint256 => uint256) storage words = _roundWords[roundId];
        assetPrices = new uint256[](ASSETS);
        underlyingPrices = new uint256[](UNDERLYINGS);
        for (uint256 f = 0; f < FEEDS; ++f) {
            uint256 price = _lane(words[f >> 2], f);
            if (f < ASSETS) assetPrices[f] = price;
            else underlyingPrices[f - ASSETS] = price;
        }
    }

    /// @notice Feed f's bounds [minPrice, maxPrice].
    function boundsOf(uint256 feed) external view returns (uint256 minPrice, uint256 maxPrice) {
        uint256 bounds = _bounds[feed >> 1] >> (128 * (feed & 1));
        return (bounds & type(uint64).max, (bounds >> 64) & type(uint64).max);
    }

    /// @notice A reporter's latest report: its time, generation and prices (all 0 if none).
    function reportOf(address reporter)
        external
        view
        returns (uint64 timestamp, uint64 reportGeneration, uint256[] memory prices)
    {
        ReportHeader memory h = _reportHeaders[reporter];
        prices = new uint256[](FEEDS);
        mapping(uint256 => uint256) storage words = _reportWords[reporter];
        for (uint256 f = 0; f < FEEDS; ++f) {
            prices[f] = _lane(words[f >> 2], f);
        }
        return (h.timestamp, h.generation, prices);
    }

    /// @notice The current reporters, in no particular order.
    function reporters() external view returns (address[] memory) {
        return _reporters;
    }

    // ------------------------------------------------------------------------------ internal

    /// @dev Keeps _reporters in step with REPORTER_ROLE.
    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (granted && role == REPORTER_ROLE) {
            _reporters.push(account);
            _reporterPosition[account] = _reporters.length;
        }
    }

    /// @dev Keeps _reporters in step with REPORTER_ROLE (swap with the last, pop).
    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked && role == REPORTER_ROLE) {
            uint256 position = _reporterPosition[account];
            address last = _reporters[_reporters.length - 1];
            _reporters[position - 1] = last;
            _reporterPosition[last] = position;
            _reporters.pop();
            delete _reporterPosition[account];
        }
    }

    /// @dev The fresh reports' price words (age <= HEARTBEAT, this generation) and their count.
    function _freshReports() internal view returns (uint256[][] memory reports, uint256 n) {
        uint256 wordCount = (FEEDS + 3) >> 2;
        uint256 count = _reporters.length;
        reports = new uint256[][](count);
        uint64 gen = generation;
        for (uint256 i = 0; i < count; ++i) {
            address reporter = _reporters[i];
            ReportHeader memory h = _reportHeaders[reporter];
            // A heartbeat of minutes: a validator's few seconds of timestamp play do not matter.
            // forge-lint: disable-next-line(block-timestamp)
            if (h.timestamp == 0 || h.generation != gen || block.timestamp - h.timestamp > HEARTBEAT) continue;
            uint256[] memory w = new uint256[](wordCount);
            mapping(uint256 => uint256) storage stored = _reportWords[reporter];
            for (uint256 j = 0; j < wordCount; ++j) {
                w[j] = stored[j];
            }
            reports[n++] = w;
        }
    }

    /// @dev Whether feed f's median trips a breaker (then the hub is tripped): bounds,
    ///      deviation of the reports [lowest, highest], jump from the previous round.
    function _breaks(uint256 f, uint256 median, uint256 lowest, uint256 highest) internal returns (bool) {
        uint256 bounds = _bounds[f >> 1] >> (128 * (f & 1));
        uint256 lo = bounds & type(uint64).max;
        uint256 hi = (bounds >> 64) & type(uint64).max;
        if (median < lo) return _trip(f, TRIP_BELOW_MIN, median, lo, hi);
        if (median > hi) return _trip(f, TRIP_ABOVE_MAX, median, lo, hi);
        if ((highest - lowest) * ONE > MAX_DEVIATION * median) {
            return _trip(f, TRIP_DEVIATION, median, lowest, highest);
        }
        uint64 previous = latestRoundId;
        if (previous == 0) return false;
        uint64 prevTimestamp = _rounds[previous].timestamp;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp - prevTimestamp > JUMP_WINDOW) return false;
        uint256 before = _lane(_roundWords[previous][f >> 2], f);
        uint256 move = median > before ? median - before : before - median;
        if (move * ONE > MAX_JUMP * before) return _trip(f, TRIP_JUMP, median, before, prevTimestamp);
        return false;
    }

    /// @dev Stores round latestRoundId + 1 with `medians` and its digest over [roundId, medians].
    function _storeRound(uint256[] memory medians) internal returns (uint64 roundId) {
        uint256 feeds = medians.length;
        roundId = latestRoundId + 1;
        uint256[] memory elements = new uint256[](feeds + 1);
        elements[0] = roundId;
        mapping(uint256 => uint256) storage words = _roundWords[roundId];
        uint256 word;
        for (uint256 f = 0; f < feeds; ++f) {
            elements[f + 1] = medians[f];
            word |= medians[f] << (64 * (f & 3));
            if (f & 3 == 3 || f == feeds - 1) {
                words[f >> 2] = word;
                word = 0;
            }
        }
        uint256 digest =
            ChainHashLib.chain(ChainHashLib.tag(ChainHashLib.ORACLE_KIND, ASSETS, UNDERLYINGS, 0), elements);
        _rounds[roundId] = Round(digest, uint64(block.timestamp));
        latestRoundId = roundId;
        emit EventsLib.RoundClosed(roundId, digest, uint64(block.timestamp), medians);
    }

    /// @dev Trips the hub on feed `feed` (the closing call still succeeds, so the trip sticks).
    function _trip(uint256 feed, uint8 reason, uint256 median, uint256 low, uint256 high) internal returns (bool) {
        tripped = true;
        ++generation;
        emit EventsLib.Tripped(feed, reason, median, low, high);
        return true;
    }

    function _requireRound(uint64 roundId) internal view {
        if (roundId == 0 || roundId > latestRoundId) revert ErrorsLib.UnknownRound(roundId, latestRoundId);
    }

    /// @dev Feed f's lane of its word (word f/4, bits 64*(f%4) ..).
    function _lane(uint256 word, uint256 f) internal pure returns (uint256) {
        return (word >> (64 * (f & 3))) & type(uint64).max;
    }
}
