// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {ICollateralRegistry, RiskParameters, Attestation} from "./interfaces/ICollateralRegistry.sol";
import {Bn254} from "./libraries/Bn254.sol";
import {ChainHashLib} from "./libraries/ChainHashLib.sol";
import {ErrorsLib} from "./libraries/ErrorsLib.sol";
import {EventsLib} from "./libraries/EventsLib.sol";
import {RiskParameterCheck} from "./RiskParameterCheck.sol";

/// @title CollateralRegistry
/// @notice The venues' commitments to each account's private state, in the account's V venue
///         slots, and the published risk parameters, for one circuit configuration (V, A, U, G).
///
///         Slots. A venue takes the lowest free slot of an account when it first posts a
///         non-empty commitment for it, keeps that slot while it posts updates, and frees it by
///         posting the empty commitment 0. A venue holds at most one slot per account. Every post
///         carries a state nonce that strictly increases per (account, venue), across freeing and
///         retaking too (the first post needs a nonce >= 1). Every change bumps the account's
///         epoch, stamps changedAt and takes the next registry-wide `sequence` number.
///
///         Writers. Admitted local venues post for themselves (postCommitment), the gate posts
///         for a local venue inside that venue's call (postFor, GATE_ROLE), and anyone may relay
///         a remote venue's post from its source registry with k-of-n committee signatures over
///         EIP-712 typed data (mirrorCommitment). A retired venue may only free slots.
///
///         Parameters. Governance proposes a full set; the registry checks it against the
///         model's bounds, computes its hash on-chain (the circuit's Poseidon(5) chain, kind 3)
///         and activates it, by anyone's call, once the timelock has passed.
/// @dev Storage, per account: one header word (epoch, changedAt, occupied-slot bitmap, and the
///      oldest state timestamp among the occupied slots) and per occupied slot two words: the
///      commitment, and (venue index, state nonce, timestamp) packed. commitmentsOf, which the
///      gate calls for every proof, reads the header and the occupied commitments only
///      (1 + occupied cold reads); a post pays for that by re-reading the other occupied slots'
///      timestamps to keep the oldest one current.
contract CollateralRegistry is ICollateralRegistry, AccessControl, EIP712 {
    // ------------------------------------------------------------------------------ constants

    /// @notice May call postFor: the MarginGate.
    bytes32 public constant GATE_ROLE = keccak256("GATE_ROLE");

    /// @notice EIP-712 type hash of an Attestation.
    bytes32 public constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(uint64 sourceChainId,address sourceRegistry,address venue,address account,uint256 commitment,uint64 stateNonce,uint64 sourceTimestamp,uint64 sequence)"
    );

    /// @notice 1 in the RATIO unit (10^-6).
    uint256 internal constant ONE = 1e6;

    /// @notice Exclusive bound 2^64 of a level floor.
    uint256 internal constant TWO_64 = 2 ** 64;

    // ------------------------------------------------------------------------------ immutables

    /// @notice V: venue slots per account.
    uint256 public immutable VENUES;
    /// @notice A: collateral assets.
    uint256 public immutable ASSETS;
    /// @notice U: underlyings.
    uint256 public immutable UNDERLYINGS;
    /// @notice G: shock grid points.
    uint256 public immutable GRID_POINTS;
    /// @notice Seconds between a parameter proposal and its earliest activation.
    uint64 public immutable PARAMETER_DELAY;
    /// @notice The check of a proposed parameter set, created with the registry. A contract of
    ///         its own because the registry with it inline exceeds EIP-170's 24,576-byte limit on
    ///         runtime code; proposals are rare, so the extra call's gas does not matter.
    RiskParameterCheck public immutable PARAMETER_CHECK;
    /// @dev The occupied bitmap with all V slots held: 2^V - 1.
    uint64 internal immutable ALL_SLOTS;

    // ------------------------------------------------------------------------------ types

    /// @notice An admitted venue. Local venues have remote = false and zero source fields.
    struct Venue {
        address venue;
        uint64 sourceChainId;
        bool remote;
        bool retired;
        address sourceRegistry;
    }

    /// @notice One venue slot of an account: two storage words, the commitment and the packed
    ///         (venue index, state nonce, state timestamp). venueIndex 0 means free.
    struct Slot {
        uint256 commitment;
        uint32 venueIndex;
        uint64 stateNonce;
        uint64 timestamp;
    }

    /// @notice An account's header: epoch, time of the last change, bit s set iff slot s is held,
    ///         and the oldest state timestamp among the held slots (0 when none is held).
    struct AccountHeader {
        uint64 epoch;
        uint64 changedAt;
        uint64 occupied;
        uint64 oldest;
    }

    /// @notice A venue's standing with an account: the slot it holds (slot + 1, 0 if none), and
    ///         while it holds none, the last state nonce it posted (while it holds a slot, the
    ///         slot's stateNonce is the last one).
    struct VenueAccount {
        uint64 lastNonce;
        uint8 slotPlusOne;
    }

    /// @notice A proposed parameter set: its hash and earliest activation time.
    struct ParameterRecord {
        uint256 parameterHash;
        uint64 activatesAt;
    }

    // ------------------------------------------------------------------------------ storage

    /// @notice The registry-wide number of the last change (0 before the first).
    uint64 public sequence;
    /// @notice The number of admitted venues (indices 1 .. venueCount).
    uint32 public venueCount;

    mapping(uint32 index => Venue) internal _venues;
    /// @notice The index of an admitted local venue (0 if none).
    mapping(address venue => uint32) public localVenueIndex;
    mapping(bytes32 remoteKey => uint32) internal _remoteVenueIndex;

    mapping(address account => AccountHeader) internal _accounts;
    mapping(address account => mapping(uint256 slot => Slot)) internal _slots;
    mapping(address account => mapping(uint32 venueIndex => VenueAccount)) internal _venueAccounts;

    /// @notice The current committee's number (0: none set yet) and its threshold k.
    uint256 public committeeVersion;
    uint256 public committeeThreshold;
    address[] internal _committee;
    mapping(uint256 version => mapping(address member => bool)) internal _isMember;
    mapping(bytes32 sourceKey => uint64) internal _sourceSequence;

    /// @notice Parameter sets are numbered from 1; pendingParametersId and
    ///         activeParametersId are 0 when there is none.
    uint256 public parameterSetCount;
    uint256 public pendingParametersId;
    uint256 public activeParametersId;
    uint256 internal _activeHash;
    mapping(uint256 id => ParameterRecord) internal _parameterRecords;
    /// @dev A set's elements in hash order, four 64-bit lanes per word (lane i of word w is
    ///      element 4w + i); a correlation is its int64 two's complement.
    mapping(uint256 id => uint256[]) internal _parameterWords;

    // ------------------------------------------------------------------------------ constructor

    /// @param venues V, 1..64 (the occupied bitmap is 64 bits).
    /// @param assets A, 1..64. @param underlyings U, 1..16. @param gridPoints G, 1..255.
    /// @param governance DEFAULT_ADMIN_ROLE: admits venues, sets the committee, proposes parameters.
    /// @param parameterDelay The parameter timelock in seconds.
    constructor(
        uint256 venues,
        uint256 assets,
        uint256 underlyings,
        uint256 gridPoints,
        address governance,
        uint64 parameterDelay
    ) EIP712("CrossMargin CollateralRegistry", "1") {
        if (
            venues == 0 || venues > 64 || assets == 0 || assets > 64 || underlyings == 0 || underlyings > 16
                || gridPoints == 0 || gridPoints > 255
        ) revert ErrorsLib.ConfigurationOutOfRange(venues, assets, underlyings, gridPoints);
        if (governance == address(0)) revert ErrorsLib.ZeroAddress();
        VENUES = venues;
        ASSETS = assets;
        UNDERLYINGS = underlyings;
        GRID_POINTS = gridPoints;
        PARAMETER_DELAY = parameterDelay;
        ALL_SLOTS = type(uint64).max >> (64 - venues);
        PARAMETER_CHECK = new RiskParameterCheck(assets, underlyings, gridPoints);
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
    }

    // ------------------------------------------------------------------------------ venues (governance)

    /// @notice Admits a venue on this chain; it posts with postCommitment. Returns its index.
    function admitLocalVenue(address venue) external onlyRole(DEFAULT_ADMIN_ROLE) returns (uint32 index) {
        if (venue == address(0)) revert ErrorsLib.ZeroAddress();
        if (localVenueIndex[venue] != 0) revert ErrorsLib.VenueAlreadyAdmitted(localVenueIndex[venue]);
        index = ++venueCount;
        _venues[index] = Venue(venue, 0, false, false, address(0));
        localVenueIndex[venue] = index;
        emit EventsLib.VenueAdmitted(index, venue, 0, address(0));
    }

    /// @notice Admits `venue` of the registry `sourceRegistry` on chain `sourceChainId`; its posts
    ///         arrive through mirrorCommitment. Returns its index.
    function admitRemoteVenue(uint64 sourceChainId, address sourceRegistry, address venue)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint32 index)
    {
        if (venue == address(0) || sourceRegistry == address(0)) revert ErrorsLib.ZeroAddress();
        bytes32 key = _remoteKey(sourceChainId, sourceRegistry, venue);
        if (_remoteVenueIndex[key] != 0) revert ErrorsLib.VenueAlreadyAdmitted(_remoteVenueIndex[key]);
        index = ++venueCount;
        _venues[index] = Venue(venue, sourceChainId, true, false, sourceRegistry);
        _remoteVenueIndex[key] = index;
        emit EventsLib.VenueAdmitted(index, venue, sourceChainId, sourceRegistry);
    }

    /// @notice Retires venue `index`: from now on it may only free the slots it holds.
    function retireVenue(uint32 index) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (index == 0 || index > venueCount) revert ErrorsLib.UnknownVenueIndex(index);
        Venue storage v = _venues[index];
        if (v.retired) revert ErrorsLib.VenueAlreadyRetired(index);
        v.retired = true;
        emit EventsLib.VenueRetired(index, v.venue);
    }

    // ------------------------------------------------------------------------------ posts

    /// @notice The calling local venue posts `commitment` (0: free its slot) for `account`
    ///         with `stateNonce`, state time block.timestamp. Returns the post's sequence number.
    function postCommitment(address account, uint256 commitment, uint64 stateNonce) external returns (uint64) {
        return _postLocal(msg.sender, account, commitment, stateNonce);
    }

    /// @inheritdoc ICollateralRegistry
    function postFor(address venue, address account, uint256 commitment, uint64 stateNonce)
        external
        onlyRole(GATE_ROLE)
    {
        _postLocal(venue, account, commitment, stateNonce);
    }

    /// @notice Enters a remote venue's post, attested by at least k distinct members of the
    ///         current relay committee: `signatures` are 65-byte ECDSA signatures over the
    ///         EIP-712 digest of `a`, in strictly ascending signer order. The post's source
    ///         sequence must exceed the last one entered from its source registry, and its source
    ///         timestamp (the slot's state time) must not lie in the future.
    function mirrorCommitment(Attestation calldata a, bytes[] calldata signatures) external returns (uint64 seq) {
        uint32 index = _remoteVenueIndex[_remoteKey(a.sourceChainId, a.sourceRegistry, a.venue)];
        if (index == 0) revert ErrorsLib.NotRemoteVenue(a.sourceChainId, a.sourceRegistry, a.venue);
        // forge-lint: disable-next-line(block-timestamp)
        if (a.sourceTimestamp > block.timestamp) {
            revert ErrorsLib.FutureSourceTimestamp(a.sourceTimestamp, block.timestamp);
        }
        bytes32 sourceKey = keccak256(abi.encode(a.sourceChainId, a.sourceRegistry));
        uint64 last = _sourceSequence[sourceKey];
        if (a.sequence <= last) {
            revert ErrorsLib.SequenceNotIncreasing(a.sourceChainId, a.sourceRegistry, a.sequence, last);
        }
        _checkSignatures(attestationDigest(a), signatures);
        _sourceSequence[sourceKey] = a.sequence;
        seq = _post(index, a.venue, a.account, a.commitment, a.stateNonce, a.sourceTimestamp);
        emit EventsLib.CommitmentMirrored(a.sourceChainId, a.sourceRegistry, a.sequence, seq);
    }

    // ------------------------------------------------------------------------------ committee (governance)

    /// @notice Replaces the relay committee: `threshold` (1 <= k <= n) distinct signatures of
    ///         `members` (n <= 255, distinct, non-zero) attest a remote post.
    function setCommittee(address[] calldata members, uint256 threshold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 n = members.length;
        if (threshold == 0 || threshold > n || n > 255) revert ErrorsLib.InvalidCommittee(n, threshold);
        uint256 version = ++committeeVersion;
        mapping(address => bool) storage isMember = _isMember[version];
        for (uint256 i = 0; i < n; ++i) {
            address m = members[i];
            if (m == address(0) || isMember[m]) revert ErrorsLib.InvalidCommitteeMember(m);
            isMember[m] = true;
        }
        _committee = members;
        committeeThreshold = threshold;
        emit EventsLib.CommitteeSet(version, members, threshold);
    }

    // ------------------------------------------------------------------------------ parameters

    /// @notice Publishes `p` as the pending parameter set, replacing any pending one; it may be
    ///         activated from now + PARAMETER_DELAY on. `p` must fit the configuration and the
    ///         model's bounds and the rules of a parameter set that are cheap to check here
    ///         (docs/margin-model.md, "Risk parameter sets: the rules beyond the bounds"):
    ///         0 <= h <= 10^6; 10^6 <= w < 2^24; 0 <= m <= 10^6 (a shock is at most the whole
    ///         price; 0 only in an unused slot, which this contract cannot tell from a used one);
    ///         v, sigma < 2^24; 10^6 <= k < 2^24 (maintenance covers at least the correlated
    ///         loss R); 0 <= g <= 10^6 with some g = 10^6 (the full shock is a scenario);
    ///         -10^6 <= rho <= 10^6, rho symmetric, rho[u][u] = 10^6 in every slot (an unused
    ///         underlying is the identity's row, as the engine pads it and the circuit demands);
    ///         floor < 2^64; k[0] >= k[1] and floor[0] >= floor[1].
    ///         Not checked here: that rho is positive semidefinite (else some losses cancel to
    ///         R = 0). The exact test is an elimination over U x U rationals (Bareiss; the
    ///         engine's RiskParameterValidation), O(U^3) multiplications of growing integers:
    ///         far more gas than a check governance runs off-chain before proposing, and that
    ///         anyone can rerun on the pending set, read back in full, during the timelock.
    ///         The hash is the chain hash (arity 5, tag 3*2^40 + A*2^32 + U*2^24 + G*2^8) of
    ///         [h, w, m, v, sigma, rho row by row, g, k[0], k[1], floor[0], floor[1]], a negative
    ///         rho entering as r - |rho|.
    function proposeParameters(RiskParameters calldata p)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint256 id, uint256 parameterHash_)
    {
        // Its custom errors (ErrorsLib) bubble up unchanged.
        uint256[] memory elements = PARAMETER_CHECK.validatedElements(p);
        parameterHash_ = ChainHashLib.chain(
            ChainHashLib.tag(ChainHashLib.PARAMETER_KIND, ASSETS, UNDERLYINGS, GRID_POINTS), elements
        );

        id = ++parameterSetCount;
        uint256[] storage words = _parameterWords[id];
        uint256 n = elements.length;
        uint256 rhoStart = 2 * ASSETS + 3 * UNDERLYINGS;
        uint256 rhoEnd = rhoStart + UNDERLYINGS * UNDERLYINGS;
        uint256 word;
        for (uint256 i = 0; i < n; ++i) {
            uint256 lane = elements[i];
            // A negative correlation (r - |rho|) is stored as its int64 two's complement.
            if (i >= rhoStart && i < rhoEnd && lane > ONE) lane = TWO_64 - (Bn254.R - lane);
            word |= lane << (64 * (i & 3));
            if (i & 3 == 3 || i == n - 1) {
                words.push(word);
                word = 0;
            }
        }
        uint64 activatesAt = uint64(block.timestamp) + PARAMETER_DELAY;
        _parameterRecords[id] = ParameterRecord(parameterHash_, activatesAt);
        pendingParametersId = id;
        emit EventsLib.ParametersProposed(id, parameterHash_, activatesAt, p);
    }

    /// @notice Makes the pending set active once its timelock has passed. Anyone may call.
    function activateParameters() external returns (uint256 id) {
        id = pendingParametersId;
        if (id == 0) revert ErrorsLib.NoPendingParameters();
        ParameterRecord memory r = _parameterRecords[id];
        // A timelock of minutes or more: a validator's few seconds of timestamp play do not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < r.activatesAt) revert ErrorsLib.ParametersNotDue(r.activatesAt, block.timestamp);
        pendingParametersId = 0;
        activeParametersId = id;
        _activeHash = r.parameterHash;
        emit EventsLib.ParametersActivated(id, r.parameterHash);
    }

    // ------------------------------------------------------------------------------ views

    /// @inheritdoc ICollateralRegistry
    function slotCount() external view returns (uint256) {
        return VENUES;
    }

    /// @inheritdoc ICollateralRegistry
    function commitmentsOf(address account)
        external
        view
        returns (uint256[] memory commitments, uint64 oldestTimestamp, uint64 epoch)
    {
        return _commitmentsOf(account);
    }

    /// @inheritdoc ICollateralRegistry
    function proofInputsOf(address account)
        external
        view
        returns (uint256[] memory commitments, uint64 oldestTimestamp, uint64 epoch, uint256 parameterHash_)
    {
        (commitments, oldestTimestamp, epoch) = _commitmentsOf(account);
        parameterHash_ = _activeHash;
    }

    function _commitmentsOf(address account)
        internal
        view
        returns (uint256[] memory commitments, uint64 oldestTimestamp, uint64 epoch)
    {
        AccountHeader memory h = _accounts[account];
        commitments = new uint256[](VENUES);
        uint256 occupied = h.occupied;
        mapping(uint256 => Slot) storage slots = _slots[account];
        for (uint256 s = 0; occupied != 0; ++s) {
            if (occupied & 1 == 1) commitments[s] = slots[s].commitment;
            occupied >>= 1;
        }
        oldestTimestamp = h.oldest;
        epoch = h.epoch;
    }

    /// @inheritdoc ICollateralRegistry
    function epochOf(address account) external view returns (uint64 epoch, uint64 changedAt) {
        AccountHeader memory h = _accounts[account];
        return (h.epoch, h.changedAt);
    }

    /// @inheritdoc ICollateralRegistry
    function parameterHash() external view returns (uint256) {
        return _activeHash;
    }

    /// @inheritdoc ICollateralRegistry
    /// @dev True for an admitted, not retired, local venue.
    function isVenue(address venue) external view returns (bool) {
        uint32 index = localVenueIndex[venue];
        return index != 0 && !_venues[index].retired;
    }

    /// @notice Venue number `index` (1 .. venueCount).
    function venueOf(uint32 index) external view returns (Venue memory) {
        if (index == 0 || index > venueCount) revert ErrorsLib.UnknownVenueIndex(index);
        return _venues[index];
    }

    /// @notice The index of an admitted remote venue (0 if none).
    function remoteVenueIndex(uint64 sourceChainId, address sourceRegistry, address venue)
        external
        view
        returns (uint32)
    {
        return _remoteVenueIndex[_remoteKey(sourceChainId, sourceRegistry, venue)];
    }

    /// @notice Slot `slot` of `account`: venue index (0: free), commitment, state nonce, state time.
    function slotOf(address account, uint256 slot) external view returns (Slot memory) {
        return _slots[account][slot];
    }

    /// @notice Whether venue `venueIndex` holds a slot of `account`, which, and its last state
    ///         nonce for the account (0 if it never posted).
    function standingOf(address account, uint32 venueIndex)
        external
        view
        returns (bool holds, uint256 slot, uint64 lastNonce)
    {
        VenueAccount memory va = _venueAccounts[account][venueIndex];
        if (va.slotPlusOne == 0) return (false, 0, va.lastNonce);
        slot = va.slotPlusOne - 1;
        return (true, slot, _slots[account][slot].stateNonce);
    }

    /// @notice The current committee's members (its threshold is committeeThreshold).
    function committee() external view returns (address[] memory) {
        return _committee;
    }

    /// @notice The last source sequence entered from (sourceChainId, sourceRegistry), 0 if none.
    function lastSourceSequence(uint64 sourceChainId, address sourceRegistry) external view returns (uint64) {
        return _sourceSequence[keccak256(abi.encode(sourceChainId, sourceRegistry))];
    }

    /// @notice The EIP-712 digest the committee signs for `a` (this registry's domain: name
    ///         "CrossMargin CollateralRegistry", version "1", this chain, this address).
    function attestationDigest(Attestation calldata a) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(ATTESTATION_TYPEHASH, a)));
    }

    /// @notice The EIP-712 domain separator.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice The active parameter set in full with its id and hash (id 0 and an empty set
    ///         before any activation).
    function activeParameters() external view returns (uint256 id, uint256 parameterHash_, RiskParameters memory p) {
        id = activeParametersId;
        if (id != 0) {
            parameterHash_ = _parameterRecords[id].parameterHash;
            p = _decode(id);
        }
    }

    /// @notice The pending parameter set in full, its hash and activation time (id 0 if none).
    function pendingParameters()
        external
        view
        returns (uint256 id, uint256 parameterHash_, uint64 activatesAt, RiskParameters memory p)
    {
        id = pendingParametersId;
        if (id != 0) {
            ParameterRecord memory r = _parameterRecords[id];
            (parameterHash_, activatesAt) = (r.parameterHash, r.activatesAt);
            p = _decode(id);
        }
    }

    // ------------------------------------------------------------------------------ internal

    function _postLocal(address venue, address account, uint256 commitment, uint64 stateNonce)
        internal
        returns (uint64)
    {
        uint32 index = localVenueIndex[venue];
        if (index == 0) revert ErrorsLib.NotLocalVenue(venue);
        return _post(index, venue, account, commitment, stateNonce, uint64(block.timestamp));
    }

    /// @dev The slot rules shared by every writer; `index` is an admitted venue.
    function _post(
        uint32 index,
        address venue,
        address account,
        uint256 commitment,
        uint64 stateNonce,
        uint64 timestamp
    ) internal returns (uint64 seq) {
        if (commitment >= Bn254.R) revert ErrorsLib.CommitmentOutOfField(commitment);
        if (commitment != 0 && _venues[index].retired) revert ErrorsLib.VenueIsRetired(index);

        AccountHeader memory h = _accounts[account];
        VenueAccount memory va = _venueAccounts[account][index];
        uint64 slot;
        if (va.slotPlusOne != 0) {
            slot = va.slotPlusOne - 1;
            Slot storage s = _slots[account][slot];
            uint64 last = s.stateNonce;
            if (stateNonce <= last) revert ErrorsLib.StaleStateNonce(account, index, stateNonce, last);
            if (commitment == 0) {
                delete _slots[account][slot];
                _venueAccounts[account][index] = VenueAccount(stateNonce, 0);
                h.occupied &= ~(uint64(1) << slot);
            } else {
                _slots[account][slot] = Slot(commitment, index, stateNonce, timestamp);
            }
        } else {
            if (stateNonce <= va.lastNonce) revert ErrorsLib.StaleStateNonce(account, index, stateNonce, va.lastNonce);
            if (commitment == 0) revert ErrorsLib.NoSlotToFree(account, index);
            uint64 free = ~h.occupied & ALL_SLOTS;
            if (free == 0) revert ErrorsLib.SlotsFull(account, VENUES);
            while (free & 1 == 0) {
                free >>= 1;
                ++slot;
            }
            _slots[account][slot] = Slot(commitment, index, stateNonce, timestamp);
            // slot < V <= 64: slot + 1 fits 8 bits.
            // forge-lint: disable-next-line(unsafe-typecast)
            _venueAccounts[account][index] = VenueAccount(stateNonce, uint8(slot + 1));
            h.occupied |= uint64(1) << slot;
        }
        h.oldest = _oldest(account, h.occupied);
        ++h.epoch;
        h.changedAt = uint64(block.timestamp);
        _accounts[account] = h;
        seq = ++sequence;
        emit EventsLib.CommitmentPosted(account, venue, index, slot, commitment, stateNonce, timestamp, seq);
    }

    /// @dev Requires at least committeeThreshold signatures, each a valid ECDSA signature of
    ///      `digest` by a current member, signers strictly ascending.
    /// @dev The oldest state timestamp among the held slots, 0 when none is held.
    function _oldest(address account, uint256 occupied) internal view returns (uint64 oldest) {
        if (occupied == 0) return 0;
        oldest = type(uint64).max;
        mapping(uint256 => Slot) storage slots = _slots[account];
        for (uint256 s = 0; occupied != 0; ++s) {
            if (occupied & 1 == 1) {
                uint64 t = slots[s].timestamp;
                if (t < oldest) oldest = t;
            }
            occupied >>= 1;
        }
    }

    function _checkSignatures(bytes32 digest, bytes[] calldata signatures) internal view {
        uint256 threshold = committeeThreshold;
        if (threshold == 0) revert ErrorsLib.NoCommittee();
        if (signatures.length < threshold) revert ErrorsLib.TooFewSignatures(signatures.length, threshold);
        mapping(address => bool) storage isMember = _isMember[committeeVersion];
        address previous;
        for (uint256 i = 0; i < signatures.length; ++i) {
            (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signatures[i]);
            if (err != ECDSA.RecoverError.NoError) revert ErrorsLib.InvalidSignature(i);
            if (signer <= previous) revert ErrorsLib.SignersNotAscending(i, previous, signer);
            if (!isMember[signer]) revert ErrorsLib.NotCommitteeMember(i, signer);
            previous = signer;
        }
    }

    function _remoteKey(uint64 sourceChainId, address sourceRegistry, address venue) internal pure returns (bytes32) {
        return keccak256(abi.encode(sourceChainId, sourceRegistry, venue));
    }

    /// @dev Set `id` read back from its lanes into the RiskParameters layout.
    function _decode(uint256 id) internal view returns (RiskParameters memory p) {
        uint256[] storage words = _parameterWords[id];
        uint256 nA = ASSETS;
        uint256 nU = UNDERLYINGS;
        uint256 nG = GRID_POINTS;
        uint256 k;
        p.haircut = new uint256[](nA);
        p.debtWeight = new uint256[](nA);
        p.shock = new uint256[](nU);
        p.volMove = new uint256[](nU);
        p.latencyVol = new uint256[](nU);
        p.correlation = new int256[][](nU);
        p.grid = new uint256[](nG);
        for (uint256 i = 0; i < nA; ++i) {
            p.haircut[i] = _lane(words, k++);
        }
        for (uint256 i = 0; i < nA; ++i) {
            p.debtWeight[i] = _lane(words, k++);
        }
        for (uint256 i = 0; i < nU; ++i) {
            p.shock[i] = _lane(words, k++);
        }
        for (uint256 i = 0; i < nU; ++i) {
            p.volMove[i] = _lane(words, k++);
        }
        for (uint256 i = 0; i < nU; ++i) {
            p.latencyVol[i] = _lane(words, k++);
        }
        for (uint256 u = 0; u < nU; ++u) {
            p.correlation[u] = new int256[](nU);
            for (uint256 w = 0; w < nU; ++w) {
                uint256 lane = _lane(words, k++);
                // A lane is an int64 two's complement of a |rho| <= 10^6: the casts are exact.
                // forge-lint: disable-next-line(unsafe-typecast)
                p.correlation[u][w] = lane >= TWO_64 / 2 ? -int256(TWO_64 - lane) : int256(lane);
            }
        }
        for (uint256 i = 0; i < nG; ++i) {
            p.grid[i] = _lane(words, k++);
        }
        p.levelMultiplier[0] = _lane(words, k++);
        p.levelMultiplier[1] = _lane(words, k++);
        p.levelFloor[0] = _lane(words, k++);
        p.levelFloor[1] = _lane(words, k++);
    }

    function _lane(uint256[] storage words, uint256 i) internal view returns (uint256) {
        return (words[i >> 2] >> (64 * (i & 3))) & type(uint64).max;
    }
}
