// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {CommitteeSignatures} from "../utils/CommitteeSignatures.sol";
import {TestBase} from "../utils/Vm.sol";
import {RegistryTestBase} from "./RegistryTestBase.sol";
import {CollateralRegistry} from "../../src/CollateralRegistry.sol";
import {Attestation} from "../../src/interfaces/ICollateralRegistry.sol";

/// @notice Drives the registry with several actors: local venues (admitted, retired, and
///         strangers posing as venues), the gate and a stranger calling postFor, and relays
///         carrying attestations signed by committee quorums, too few members, or outsiders.
///         After every call it compares the registry with what that call was allowed to do.
contract RegistryHandler is TestBase {
    CollateralRegistry internal registry;
    address internal governance;
    address internal gate;
    uint64 internal sourceChain;
    address internal sourceRegistry;

    address[] public accounts;
    /// @notice Actor addresses posting locally: four venues, then a stranger and a remote venue.
    address[] public posters;
    /// @notice Venue indices 1..venueCount: for each, its address (remote or local).
    address[] public remoteVenues;
    uint256[] internal memberKeys;
    uint256 internal outsiderKey;

    uint32 public venueCount;
    uint64 public lastSourceSequence;

    // Ghost state and violation flags.
    uint256 public changes;
    uint256 public unauthorizedChanges;
    uint256 public epochViolations;
    uint256 public nonceDecreases;
    uint256 public otherAccountChanges;
    mapping(address => mapping(uint32 => uint64)) public ghostNonce;
    mapping(uint32 => bool) public retired;

    constructor(
        CollateralRegistry registry_,
        address governance_,
        address gate_,
        uint64 sourceChain_,
        address sourceRegistry_,
        address[] memory accounts_,
        address[] memory posters_,
        address[] memory remoteVenues_,
        uint256[] memory memberKeys_,
        uint256 outsiderKey_
    ) {
        registry = registry_;
        governance = governance_;
        gate = gate_;
        sourceChain = sourceChain_;
        sourceRegistry = sourceRegistry_;
        accounts = accounts_;
        posters = posters_;
        remoteVenues = remoteVenues_;
        memberKeys = memberKeys_;
        outsiderKey = outsiderKey_;
        venueCount = registry_.venueCount();
    }

    // ---------------------------------------------------------------- actions

    /// @notice A poster (venue or stranger) posts for an account.
    function postLocal(uint256 posterSeed, uint256 accountSeed, uint256 commitmentSeed, uint256 nonceStep) external {
        address poster = posters[bound(posterSeed, 0, posters.length - 1)];
        address who = accounts[bound(accountSeed, 0, accounts.length - 1)];
        uint32 index = registry.localVenueIndex(poster);
        (uint256 commitment, uint64 nonce) = _choose(who, index, commitmentSeed, nonceStep);
        bool authorized = index != 0 && (!retired[index] || commitment == 0);
        uint256[][] memory before = _snapshot();
        vm.prank(poster);
        try registry.postCommitment(who, commitment, nonce) {
            _after(who, index, nonce, authorized, before);
        } catch {
            _unchanged(before);
        }
    }

    /// @notice The gate, or a stranger, posts for a poster.
    function postFor(bool byGate, uint256 posterSeed, uint256 accountSeed, uint256 commitmentSeed, uint256 nonceStep)
        external
    {
        address poster = posters[bound(posterSeed, 0, posters.length - 1)];
        address who = accounts[bound(accountSeed, 0, accounts.length - 1)];
        uint32 index = registry.localVenueIndex(poster);
        (uint256 commitment, uint64 nonce) = _choose(who, index, commitmentSeed, nonceStep);
        bool authorized = byGate && index != 0 && (!retired[index] || commitment == 0);
        uint256[][] memory before = _snapshot();
        vm.prank(byGate ? gate : posters[4]);
        try registry.postFor(poster, who, commitment, nonce) {
            _after(who, index, nonce, authorized, before);
        } catch {
            _unchanged(before);
        }
    }

    /// @notice A relay carries a remote venue's post, signed by a subset of members and maybe
    ///         an outsider (bit 3 of signerMask).
    function mirror(
        uint256 venueSeed,
        uint256 accountSeed,
        uint256 commitmentSeed,
        uint256 nonceStep,
        uint256 sequenceStep,
        uint256 signerMask,
        uint32 age
    ) external {
        address venue = remoteVenues[bound(venueSeed, 0, remoteVenues.length - 1)];
        address who = accounts[bound(accountSeed, 0, accounts.length - 1)];
        uint32 index = registry.remoteVenueIndex(sourceChain, sourceRegistry, venue);
        (uint256 commitment, uint64 nonce) = _choose(who, index, commitmentSeed, nonceStep);
        uint64 sequence = lastSourceSequence + uint64(bound(sequenceStep, 0, 2));
        uint64 timestamp = uint64(block.timestamp) - uint64(bound(age, 0, 1000));
        Attestation memory a =
            Attestation(sourceChain, sourceRegistry, venue, who, commitment, nonce, timestamp, sequence);

        signerMask = bound(signerMask, 0, 15);
        uint256 count;
        for (uint256 i = 0; i < 4; i++) {
            if (signerMask & (1 << i) != 0) count++;
        }
        uint256[] memory keys = new uint256[](count);
        uint256 members;
        uint256 k;
        for (uint256 i = 0; i < 3; i++) {
            if (signerMask & (1 << i) != 0) {
                keys[k++] = memberKeys[i];
                members++;
            }
        }
        if (signerMask & 8 != 0) keys[k++] = outsiderKey;
        bytes[] memory sigs = _signSorted(registry.attestationDigest(a), keys);

        bool authorized = index != 0 && members >= 2 && signerMask & 8 == 0 && (!retired[index] || commitment == 0);
        uint256[][] memory before = _snapshot();
        try registry.mirrorCommitment(a, sigs) {
            _after(who, index, nonce, authorized, before);
            if (sequence <= lastSourceSequence) unauthorizedChanges++;
            lastSourceSequence = sequence;
        } catch {
            _unchanged(before);
        }
    }

    /// @notice Governance retires a venue now and then (one call in eight).
    function retire(uint256 indexSeed) external {
        if (indexSeed % 8 != 0) return;
        uint32 index = uint32(bound(indexSeed >> 3, 1, venueCount));
        if (retired[index]) return;
        vm.prank(governance);
        registry.retireVenue(index);
        retired[index] = true;
    }

    function wait(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 1 days));
    }

    // ---------------------------------------------------------------- bookkeeping

    function _choose(address who, uint32 index, uint256 commitmentSeed, uint256 nonceStep)
        internal
        view
        returns (uint256 commitment, uint64 nonce)
    {
        // One in four frees, one in sixteen tries an out-of-field commitment.
        uint256 kind = commitmentSeed % 16;
        if (kind < 4) {
            commitment = 0;
        } else if (kind == 4) {
            commitment = type(uint256).max - (commitmentSeed >> 8); // >= r: refused
        } else {
            commitment =
                bound(commitmentSeed, 1, 21888242871839275222246405745257275088548364400416034343698204186575808495616);
        }
        // A step of 0 replays the last nonce (stale).
        nonce = ghostNonce[who][index] + uint64(bound(nonceStep, 0, 2));
    }

    /// @dev Every account's epoch, then for each slot: venue index, commitment, nonce.
    function _snapshot() internal view returns (uint256[][] memory s) {
        uint256 slots = registry.slotCount();
        s = new uint256[][](accounts.length);
        for (uint256 i = 0; i < accounts.length; i++) {
            s[i] = new uint256[](1 + 3 * slots);
            (uint64 epoch,) = registry.epochOf(accounts[i]);
            s[i][0] = epoch;
            for (uint256 j = 0; j < slots; j++) {
                CollateralRegistry.Slot memory slot = registry.slotOf(accounts[i], j);
                (s[i][1 + 3 * j], s[i][2 + 3 * j], s[i][3 + 3 * j]) =
                (slot.venueIndex, slot.commitment, slot.stateNonce);
            }
        }
    }

    function _after(address who, uint32 index, uint64 nonce, bool authorized, uint256[][] memory before) internal {
        changes++;
        if (!authorized) unauthorizedChanges++;
        if (nonce <= ghostNonce[who][index]) nonceDecreases++;
        ghostNonce[who][index] = nonce;
        uint256[][] memory now_ = _snapshot();
        for (uint256 i = 0; i < accounts.length; i++) {
            if (accounts[i] == who) {
                if (now_[i][0] != before[i][0] + 1) epochViolations++;
            } else if (keccak256(abi.encode(now_[i])) != keccak256(abi.encode(before[i]))) {
                otherAccountChanges++;
            }
        }
        if (registry.sequence() != changes) epochViolations++;
    }

    function _unchanged(uint256[][] memory before) internal {
        if (keccak256(abi.encode(_snapshot())) != keccak256(abi.encode(before))) unauthorizedChanges++;
    }

    function _signSorted(bytes32 digest, uint256[] memory keys) internal pure returns (bytes[] memory) {
        return CommitteeSignatures.signSorted(digest, keys);
    }
}

/// @notice The registry's invariants under the handler's actors.
contract RegistryInvariantTest is RegistryTestBase {
    RegistryHandler internal handler;
    address[] internal accounts;

    function setUp() public override {
        super.setUp();
        accounts.push(account);
        accounts.push(address(0x0707));
        accounts.push(address(0x0808));
        address[] memory posters = new address[](6);
        (posters[0], posters[1], posters[2], posters[3], posters[4], posters[5]) =
        (venueA, venueB, venueC, venueD, stranger, remoteVenue);
        address[] memory remotes = new address[](3);
        (remotes[0], remotes[1], remotes[2]) = (remoteVenue, remoteVenue2, venueA);
        uint256[] memory keys = new uint256[](3);
        (keys[0], keys[1], keys[2]) = (memberKeys[0], memberKeys[1], memberKeys[2]);
        handler = new RegistryHandler(
            registry, governance, gate, SOURCE_CHAIN, SOURCE_REGISTRY, accounts, posters, remotes, keys, OUTSIDER_KEY
        );
        targetContract(address(handler));
    }

    function invariant_OnlyAdmittedVenuesAndAttestedRelaysChangeSlots() public view {
        assertEq(handler.unauthorizedChanges(), 0, "changes by unauthorized writers");
        assertEq(handler.otherAccountChanges(), 0, "a post changed another account");
    }

    function invariant_NoncesNeverDecrease() public view {
        assertEq(handler.nonceDecreases(), 0, "a nonce did not increase");
        for (uint256 i = 0; i < accounts.length; i++) {
            for (uint32 v = 1; v <= registry.venueCount(); v++) {
                (,, uint64 last) = registry.standingOf(accounts[i], v);
                assertEq(last, handler.ghostNonce(accounts[i], v), "standing nonce is the last accepted");
            }
        }
    }

    function invariant_EpochAndSequenceMoveWithEveryChange() public view {
        assertEq(handler.epochViolations(), 0, "epoch or sequence out of step");
        assertEq(registry.sequence(), handler.changes(), "sequence counts the changes");
    }

    function invariant_AVenueHoldsAtMostOneSlotPerAccountAndItsStandingSaysWhich() public view {
        for (uint256 i = 0; i < accounts.length; i++) {
            (uint256[] memory c,,) = registry.commitmentsOf(accounts[i]);
            for (uint256 s = 0; s < V; s++) {
                CollateralRegistry.Slot memory slot = registry.slotOf(accounts[i], s);
                assertEq(c[s], slot.commitment, "commitmentsOf agrees with the slot");
                if (slot.venueIndex == 0) {
                    assertEq(slot.commitment, 0, "a free slot is empty");
                    continue;
                }
                assertTrue(slot.commitment != 0 && slot.commitment < R, "a held slot has a field element");
                (bool holds, uint256 at_, uint64 last) = registry.standingOf(accounts[i], slot.venueIndex);
                assertTrue(holds && at_ == s, "the venue's standing points at its slot");
                assertEq(last, slot.stateNonce, "the slot's nonce is the venue's last");
                for (uint256 t = s + 1; t < V; t++) {
                    assertTrue(registry.slotOf(accounts[i], t).venueIndex != slot.venueIndex, "one slot per venue");
                }
            }
        }
    }
}
