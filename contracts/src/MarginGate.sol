// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {ICollateralRegistry} from "./interfaces/ICollateralRegistry.sol";
import {IOracleHub} from "./interfaces/IOracleHub.sol";
import {IGroth16Verifier} from "./interfaces/IGroth16Verifier.sol";
import {IMarginGate} from "./interfaces/IMarginGate.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ErrorsLib} from "./libraries/ErrorsLib.sol";
import {EventsLib} from "./libraries/EventsLib.sol";

/// @title MarginGate
/// @notice The on-chain half of a solvency proof. A proof states, for public inputs
///         (account, gate, packed, priceDigest, paramHash, commitments[0..V)) with
///         packed = chainId + nonce*2^64 + roundId*2^128 + tau*2^192 + level*2^224
///         (docs/margin-model.md, "Public inputs"), that the account's committed states cover
///         E >= k[level]*R + floor[level]. The gate never takes those inputs from the caller: it
///         rebuilds them from chain state alone (the registry's commitments in slot order, the
///         hub's round digest, the registry's parameter hash, its own address, block.chainid,
///         the account's proof nonce), so a proof is worth nothing for another account, gate,
///         chain, nonce, round, parameter set or commitment set.
/// @dev Every setting is immutable and the gate holds no admin: what it enforces cannot be
///      changed under an account. Health fits one storage word, so a proof costs one write.
contract MarginGate is IMarginGate {
    /// @notice Levels, as the circuit encodes them.
    uint8 public constant INITIAL = 0;
    uint8 public constant MAINTENANCE = 1;
    /// @notice Ratios are in 10^-6 (the model's RATIO unit).
    uint256 internal constant RATIO_ONE = 1e6;

    ICollateralRegistry public immutable REGISTRY;
    IOracleHub public immutable HUB;
    IGroth16Verifier public immutable VERIFIER;
    /// @notice V, the circuit's venue slots; the circuit has N = 5 + V public inputs.
    uint256 public immutable SLOTS;
    /// @notice How long an accepted proof keeps an account healthy (seconds).
    uint256 public immutable PROOF_VALIDITY;
    /// @notice The oldest round a proof may use, in seconds since the round closed.
    uint256 public immutable MAX_ROUND_AGE;
    /// @notice Time between a lapse and the first liquidation it allows (seconds); also granted
    ///         after the oracle resumes from a trip.
    uint256 public immutable GRACE_PERIOD;
    /// @notice A later round whose price of any feed moved by more than this ratio (10^-6) from
    ///         the proved round's lapses the proof.
    uint256 public immutable PRICE_BAND;
    /// @notice At most MAX_LIQUIDATIONS_PER_WINDOW liquidations start in any window of
    ///         LIQUIDATION_WINDOW seconds (windows are consecutive, each opened by its first).
    uint256 public immutable LIQUIDATION_WINDOW;
    uint256 public immutable MAX_LIQUIDATIONS_PER_WINDOW;
    /// @dev The selector of snarkjs's verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[N]).
    bytes4 internal immutable VERIFY_PROOF;

    struct Config {
        uint256 proofValidity;
        uint256 maxRoundAge;
        uint256 gracePeriod;
        uint256 priceBand;
        uint256 liquidationWindow;
        uint256 maxLiquidationsPerWindow;
    }

    /// @dev A price lapse flagged against the proof whose nonce (health.nonce at flagging) is
    ///      `nonce`: it lapses no later proof.
    struct PriceLapse {
        uint64 nonce;
        uint48 flaggedAt;
    }

    struct Grant {
        address venue;
        uint64 blockNumber;
        uint64 nonce;
    }

    struct Liquidation {
        address liquidator;
        uint64 id;
    }

    mapping(address account => Health) internal _health;
    mapping(address account => PriceLapse) public priceLapseOf;
    mapping(address account => Grant) internal _grant;
    mapping(address account => Liquidation) internal _liquidation;
    uint64 public liquidationCount;
    uint48 public windowStart;
    uint32 public windowLiquidations;

    constructor(ICollateralRegistry registry, IOracleHub hub, IGroth16Verifier verifier, Config memory config) {
        uint256 slots = registry.slotCount();
        if (verifier.publicSignalCount() != 5 + slots) {
            revert ErrorsLib.VerifierMismatch(verifier.publicSignalCount(), 5 + slots);
        }
        if (config.priceBand == 0 || config.liquidationWindow == 0 || config.maxLiquidationsPerWindow == 0) {
            revert ErrorsLib.InvalidGateConfig();
        }
        REGISTRY = registry;
        HUB = hub;
        VERIFIER = verifier;
        SLOTS = slots;
        PROOF_VALIDITY = config.proofValidity;
        MAX_ROUND_AGE = config.maxRoundAge;
        GRACE_PERIOD = config.gracePeriod;
        PRICE_BAND = config.priceBand;
        LIQUIDATION_WINDOW = config.liquidationWindow;
        MAX_LIQUIDATIONS_PER_WINDOW = config.maxLiquidationsPerWindow;
        VERIFY_PROOF = bytes4(
            keccak256(
                abi.encodePacked("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", _decimal(5 + slots), "])")
            )
        );
    }

    // ------------------------------------------------------------------------------- views

    function healthOf(address account) external view returns (Health memory) {
        return _health[account];
    }

    function lastGrantOf(address account) external view returns (address venue, uint64 blockNumber, uint64 nonce) {
        Grant memory g = _grant[account];
        return (g.venue, g.blockNumber, g.nonce);
    }

    function liquidationOf(address account) external view returns (bool open, address liquidator, uint64 id) {
        Liquidation memory l = _liquidation[account];
        return (l.id != 0 && _health[account].expiry == 0, l.liquidator, l.id);
    }

    /// @notice The public inputs a proof for `account` must carry now, at this nonce, level,
    ///         round and tau, with the registry epoch they cover. Reverts when the chain state
    ///         cannot back a proof (unknown or stale round, no parameters, tau too small).
    function statementOf(address account, uint64 nonce, uint8 level, uint64 roundId, uint32 tau)
        public
        view
        returns (uint256[] memory publicSignals, uint64 epoch)
    {
        (uint256 digest,) = _round(roundId);
        return _statement(account, nonce, level, roundId, tau, digest);
    }

    /// @dev The round's digest (the round must be recent) and whether the hub is tripped now.
    function _round(uint64 roundId) internal view returns (uint256 digest, bool tripped) {
        uint64 closedAt;
        (digest, closedAt, tripped) = HUB.roundForProof(roundId);
        if (block.timestamp > uint256(closedAt) + MAX_ROUND_AGE) {
            revert ErrorsLib.RoundTooOld(roundId, closedAt, block.timestamp);
        }
    }

    function _statement(address account, uint64 nonce, uint8 level, uint64 roundId, uint32 tau, uint256 digest)
        internal
        view
        returns (uint256[] memory publicSignals, uint64 epoch)
    {
        if (level > MAINTENANCE) revert ErrorsLib.InvalidLevel(level);
        (uint256[] memory commitments, uint64 oldest, uint64 epoch_, uint256 parameterHash) =
            REGISTRY.proofInputsOf(account);
        if (parameterHash == 0) revert ErrorsLib.NoParameters();
        // tau widens the latency shock for the age of the oldest state the proof rests on (a
        // mirrored state ages from its source timestamp, so relay delay counts too).
        if (oldest != 0 && block.timestamp - oldest > tau) revert ErrorsLib.TauTooSmall(tau, block.timestamp - oldest);
        epoch = epoch_;

        publicSignals = new uint256[](5 + SLOTS);
        publicSignals[0] = uint160(account);
        publicSignals[1] = uint160(address(this));
        publicSignals[2] = block.chainid | (uint256(nonce) << 64) | (uint256(roundId) << 128) | (uint256(tau) << 192)
            | (uint256(level) << 224);
        publicSignals[3] = digest;
        publicSignals[4] = parameterHash;
        for (uint256 i = 0; i < SLOTS; i++) {
            publicSignals[5 + i] = commitments[i];
        }
    }

    /// @notice When the account's live proof lapsed or will lapse: the earliest of its expiry,
    ///         the last change of its commitments after the proof (any change lapses it) and a
    ///         flagged price move beyond the band. 0 when it has no live proof.
    function lapsedAt(address account) public view returns (uint256 time) {
        Health memory h = _health[account];
        if (h.expiry == 0) return 0;
        time = h.expiry;
        (uint64 epoch, uint64 changedAt) = REGISTRY.epochOf(account);
        if (epoch != h.epoch && changedAt < time) time = changedAt;
        PriceLapse memory p = priceLapseOf[account];
        if (p.nonce == h.nonce && p.flaggedAt != 0 && p.flaggedAt < time) time = p.flaggedAt;
    }

    /// @notice Whether `liquidate(account)` would start a liquidation now (rate limit aside):
    ///         the proof has lapsed, the grace period has passed since the lapse and since the
    ///         oracle last resumed, and the oracle is not tripped.
    function isLiquidatable(address account) public view returns (bool) {
        return _liquidatable(lapsedAt(account));
    }

    /// @dev Whether a proof that lapsed at `lapse` (0: no live proof) may be liquidated now.
    function _liquidatable(uint256 lapse) internal view returns (bool) {
        if (lapse == 0 || block.timestamp < lapse + GRACE_PERIOD) return false;
        if (HUB.tripped()) return false;
        uint256 resumed = HUB.resumedAt();
        return resumed == 0 || block.timestamp >= resumed + GRACE_PERIOD;
    }

    // ------------------------------------------------------------------------------ proofs

    /// @notice Verifies a proof of `account`'s solvency at `level` against the chain's current
    ///         state and records its health. Anyone may submit (a keeper, the trader).
    /// @dev Front-running cannot grief the owner: a proof that someone else already got
    ///      accepted (the nonce just consumed, the same round, level and commitments) returns
    ///      false instead of reverting, and leaves the health as recorded.
    /// @return recorded true if this call recorded the proof, false if it was already recorded.
    function submitProof(address account, uint64 nonce, uint8 level, uint64 roundId, uint32 tau, uint256[8] calldata proof)
        external
        returns (bool recorded)
    {
        if (_alreadyRecorded(account, nonce, level, roundId)) return false;
        (uint256 digest, bool tripped) = _round(roundId);
        if (tripped) revert ErrorsLib.OracleTripped();
        (uint256[] memory signals, uint64 epoch) = _statement(account, nonce, level, roundId, tau, digest);
        if (!_verify(proof, signals)) revert ErrorsLib.ProofRejected(account, nonce);
        _record(account, nonce, level, roundId, tau, epoch, signals, proof);
        return true;
    }

    /// @notice A keeper's batch: every proof is checked as by submitProof, and all of them
    ///         together by one random-linear-combination pairing check (IGroth16Verifier
    ///         .verifyProofs). Submissions already recorded are skipped; any other bad one
    ///         reverts the batch.
    /// @return recorded the number of proofs recorded.
    function submitProofs(Submission[] calldata submissions) external returns (uint256 recorded) {
        uint256 width = 5 + SLOTS;
        uint256[] memory proofs = new uint256[](8 * submissions.length);
        uint256[] memory signals = new uint256[](width * submissions.length);
        // A keeper's batch usually rests on one round: it is read once per run of equal ids
        // (and always for the first, whatever its id: round 0 does not exist and must revert).
        uint64 roundId;
        uint256 digest;
        bool roundRead;
        for (uint256 i = 0; i < submissions.length; i++) {
            Submission calldata s = submissions[i];
            if (_alreadyRecorded(s.account, s.nonce, s.level, s.roundId)) continue;
            if (!roundRead || s.roundId != roundId) {
                roundRead = true;
                roundId = s.roundId;
                bool tripped;
                (digest, tripped) = _round(roundId);
                if (tripped) revert ErrorsLib.OracleTripped();
            }
            // Nothing allocated from here to the end of the iteration outlives it (the statement
            // is copied into the batch's arrays): the memory is reused by the next one, which
            // keeps the batch's memory cost linear.
            uint256 freeMemory;
            assembly ("memory-safe") {
                freeMemory := mload(0x40)
            }
            (uint256[] memory statement, uint64 epoch) = _statement(s.account, s.nonce, s.level, s.roundId, s.tau, digest);
            // Recorded before the batch is verified (a false batch reverts everything): a second
            // proof for the same account in the batch must then carry the next nonce.
            _record(s.account, s.nonce, s.level, s.roundId, s.tau, epoch, statement, s.proof);
            // The proof and the statement appended to the batch's arrays (sized for every
            // submission, so in bounds), word for word.
            uint256[8] calldata proof = s.proof;
            assembly ("memory-safe") {
                calldatacopy(add(add(proofs, 32), mul(256, recorded)), proof, 256)
                mcopy(add(add(signals, 32), mul(mul(32, width), recorded)), add(statement, 32), mul(32, width))
            }
            recorded++;
            assembly ("memory-safe") {
                mstore(0x40, freeMemory)
            }
        }
        if (recorded == 0) return 0;
        assembly ("memory-safe") {
            // Trim to the recorded proofs.
            mstore(proofs, mul(8, recorded))
            mstore(signals, mul(width, recorded))
        }
        if (!VERIFIER.verifyProofs(proofs, signals)) revert ErrorsLib.BatchRejected(recorded);
    }

    /// @notice For a venue about to grant leverage: posts the venue's post-trade commitment for
    ///         `account` and, in the same call, verifies an initial-level proof over the
    ///         registry's state after that post. Reverts (undoing the post) unless the proof
    ///         covers the new position. Only admitted venues; refused while the oracle is tripped.
    function requireInitialMargin(
        address account,
        uint256 commitment,
        uint64 stateNonce,
        uint64 nonce,
        uint64 roundId,
        uint32 tau,
        uint256[8] calldata proof
    ) external {
        if (!REGISTRY.isVenue(msg.sender)) revert ErrorsLib.NotAVenue(msg.sender);
        (uint256 digest, bool tripped) = _round(roundId);
        if (tripped) revert ErrorsLib.OracleTripped();
        REGISTRY.postFor(msg.sender, account, commitment, stateNonce);
        (uint256[] memory signals, uint64 epoch) = _statement(account, nonce, INITIAL, roundId, tau, digest);
        if (!_verify(proof, signals)) revert ErrorsLib.ProofRejected(account, nonce);
        _record(account, nonce, INITIAL, roundId, tau, epoch, signals, proof);
        _grant[account] = Grant(msg.sender, SafeCast.toUint64(block.number), nonce);
        emit EventsLib.InitialMarginGranted(msg.sender, account, nonce, commitment);
    }

    // ------------------------------------------------------------------------- liquidation

    /// @notice Marks the account's live proof lapsed by prices: a round after the proved one in
    ///         which some feed moved by more than PRICE_BAND from the proved round's price. The
    ///         lapse dates from that round's close. Anyone may call.
    function flagPriceLapse(address account, uint64 roundId) external {
        Health memory h = _health[account];
        if (h.expiry == 0) revert ErrorsLib.NoLiveProof(account);
        if (roundId <= h.roundId) revert ErrorsLib.RoundNotAfterProof(roundId, h.roundId);
        (, uint64 closedAt) = HUB.roundOf(roundId);
        (uint256 feed, uint256 proved, uint256 later) = _firstMoveBeyondBand(h.roundId, roundId);
        if (feed == type(uint256).max) revert ErrorsLib.PricesWithinBand(h.roundId, roundId);
        PriceLapse memory p = priceLapseOf[account];
        if (p.nonce == h.nonce && p.flaggedAt != 0 && p.flaggedAt <= closedAt) return;
        priceLapseOf[account] = PriceLapse(h.nonce, SafeCast.toUint48(closedAt));
        emit EventsLib.PriceLapseFlagged(account, h.roundId, roundId, feed, proved, later);
    }

    /// @notice Starts the liquidation of an account whose proof lapsed at least GRACE_PERIOD ago
    ///         (isLiquidatable), within the rate limit. Clears its health: venues close their
    ///         side and the vault pays the loss and the liquidator's bonus while it stays open
    ///         (until the account proves again).
    function liquidate(address account) external {
        if (HUB.tripped()) revert ErrorsLib.OracleTripped();
        uint256 lapse = lapsedAt(account);
        if (!_liquidatable(lapse)) revert ErrorsLib.NotLiquidatable(account, lapse, block.timestamp);
        if (block.timestamp >= uint256(windowStart) + LIQUIDATION_WINDOW) {
            windowStart = SafeCast.toUint48(block.timestamp);
            windowLiquidations = 0;
        }
        if (windowLiquidations >= MAX_LIQUIDATIONS_PER_WINDOW) {
            revert ErrorsLib.LiquidationRateLimited(windowStart + LIQUIDATION_WINDOW);
        }
        windowLiquidations++;
        _health[account].expiry = 0;
        uint64 id = ++liquidationCount;
        _liquidation[account] = Liquidation(msg.sender, id);
        emit EventsLib.Liquidated(account, msg.sender, id, lapse);
    }

    // ---------------------------------------------------------------------------- internals

    function _alreadyRecorded(address account, uint64 nonce, uint8 level, uint64 roundId) internal view returns (bool) {
        Health memory h = _health[account];
        if (nonce == h.nonce) return false;
        if (h.expiry != 0 && nonce + 1 == h.nonce && level == h.level && roundId == h.roundId) {
            (uint64 epoch,) = REGISTRY.epochOf(account);
            if (epoch == h.epoch) return true;
        }
        revert ErrorsLib.StaleNonce(account, nonce, h.nonce);
    }

    function _record(
        address account,
        uint64 nonce,
        uint8 level,
        uint64 roundId,
        uint32 tau,
        uint64 epoch,
        uint256[] memory signals,
        uint256[8] calldata proof
    ) internal {
        Health storage h = _health[account];
        if (nonce != h.nonce) revert ErrorsLib.StaleNonce(account, nonce, h.nonce);
        uint48 expiry = SafeCast.toUint48(block.timestamp + PROOF_VALIDITY);
        _health[account] = Health(nonce + 1, roundId, epoch, expiry, level);
        emit EventsLib.ProofAccepted(account, nonce, level, roundId, tau, expiry, signals, proof);
    }

    /// @dev snarkjs's verifyProof through its N-specific selector: a proof is eight words and
    ///      the signals N more, all static, so the call data is their concatenation.
    function _verify(uint256[8] calldata proof, uint256[] memory signals) internal view returns (bool valid) {
        IGroth16Verifier verifier = VERIFIER;
        bytes4 selector = VERIFY_PROOF;
        assembly ("memory-safe") {
            let n := mload(signals)
            let size := add(4, mul(32, add(8, n)))
            let data := mload(0x40)
            mstore(data, selector)
            calldatacopy(add(data, 4), proof, 256)
            mcopy(add(data, 260), add(signals, 32), mul(32, n))
            let ok := staticcall(gas(), verifier, data, size, 0, 32)
            valid := and(ok, and(eq(returndatasize(), 32), eq(mload(0), 1)))
        }
    }

    /// @dev The first feed (asset prices, then underlying prices) whose price in `later` moved
    ///      beyond the band from `proved`, with both prices; feed = max when none did.
    function _firstMoveBeyondBand(uint64 proved, uint64 later)
        internal
        view
        returns (uint256 feed, uint256 provedPrice, uint256 laterPrice)
    {
        (uint256[] memory assetsThen, uint256[] memory underlyingsThen) = HUB.pricesOf(proved);
        (uint256[] memory assetsNow, uint256[] memory underlyingsNow) = HUB.pricesOf(later);
        for (uint256 i = 0; i < assetsThen.length + underlyingsThen.length; i++) {
            (uint256 a, uint256 b) = i < assetsThen.length
                ? (assetsThen[i], assetsNow[i])
                : (underlyingsThen[i - assetsThen.length], underlyingsNow[i - assetsThen.length]);
            uint256 move = a > b ? a - b : b - a;
            // |b - a| / a > band, without division; a move from a zero price is always beyond.
            if (move * RATIO_ONE > PRICE_BAND * a) return (i, a, b);
        }
        return (type(uint256).max, 0, 0);
    }

    function _decimal(uint256 v) internal pure returns (bytes memory s) {
        if (v == 0) return "0";
        for (; v != 0; v /= 10) {
            s = abi.encodePacked(bytes1(uint8(48 + (v % 10))), s);
        }
    }
}
