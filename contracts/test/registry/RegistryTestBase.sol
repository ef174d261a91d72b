// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {CommitteeSignatures} from "../utils/CommitteeSignatures.sol";
import {TestBase} from "../utils/Vm.sol";
import {CollateralRegistry} from "../../src/CollateralRegistry.sol";
import {RiskParameters, Attestation} from "../../src/interfaces/ICollateralRegistry.sol";
import {Bn254} from "../../src/libraries/Bn254.sol";

/// @notice The registry every registry test starts from: V = 3 slots, the small configuration's
///         A = 2, U = 2, G = 4; four local venues, one retired-later venue slot free to use, two
///         remote venues of one source registry, a gate, and a 2-of-3 relay committee.
abstract contract RegistryTestBase is TestBase {
    uint256 internal constant V = 3;
    uint256 internal constant A = 2;
    uint256 internal constant U = 2;
    uint256 internal constant G = 4;
    uint64 internal constant DELAY = 2 days;
    uint256 internal constant R = Bn254.R;
    uint256 internal constant T0 = 1_700_000_000;

    uint64 internal constant SOURCE_CHAIN = 8453;
    address internal constant SOURCE_REGISTRY = address(0x5011CE);

    bytes32 internal constant EIP712_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    CollateralRegistry internal registry;

    address internal governance = address(0x60FE);
    address internal gate = address(0x6A7E);
    address internal account = address(0xACC0);
    address internal stranger = address(0x57A2);

    address internal venueA = address(0xA001);
    address internal venueB = address(0xB002);
    address internal venueC = address(0xC003);
    address internal venueD = address(0xD004);
    address internal remoteVenue = address(0xE005);
    address internal remoteVenue2 = address(0xF006);

    uint32 internal iA;
    uint32 internal iB;
    uint32 internal iC;
    uint32 internal iD;
    uint32 internal iRemote;
    uint32 internal iRemote2;

    /// @dev The committee's private keys, and an outsider's.
    uint256[3] internal memberKeys = [uint256(0xC0FFEE01), 0xC0FFEE02, 0xC0FFEE03];
    uint256 internal constant OUTSIDER_KEY = 0xBADBAD;

    function setUp() public virtual {
        vm.warp(T0);
        registry = new CollateralRegistry(V, A, U, G, governance, DELAY);
        vm.startPrank(governance);
        iA = registry.admitLocalVenue(venueA);
        iB = registry.admitLocalVenue(venueB);
        iC = registry.admitLocalVenue(venueC);
        iD = registry.admitLocalVenue(venueD);
        iRemote = registry.admitRemoteVenue(SOURCE_CHAIN, SOURCE_REGISTRY, remoteVenue);
        iRemote2 = registry.admitRemoteVenue(SOURCE_CHAIN, SOURCE_REGISTRY, remoteVenue2);
        registry.grantRole(registry.GATE_ROLE(), gate);
        address[] memory members = new address[](3);
        for (uint256 i = 0; i < 3; i++) {
            members[i] = vm.addr(memberKeys[i]);
        }
        registry.setCommittee(members, 2);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- posts

    function _post(address venue, address who, uint256 commitment, uint64 nonce) internal returns (uint64) {
        vm.prank(venue);
        return registry.postCommitment(who, commitment, nonce);
    }

    function _commitments(address who) internal view returns (uint256[] memory c) {
        (c,,) = registry.commitmentsOf(who);
    }

    function _slotVenue(address who, uint256 slot) internal view returns (uint32) {
        return registry.slotOf(who, slot).venueIndex;
    }

    // ---------------------------------------------------------------- attestations

    function _attestation(address venue, address who, uint256 commitment, uint64 nonce, uint64 timestamp, uint64 seq)
        internal
        pure
        returns (Attestation memory)
    {
        return Attestation(SOURCE_CHAIN, SOURCE_REGISTRY, venue, who, commitment, nonce, timestamp, seq);
    }

    /// @notice The EIP-712 digest of `a` under the domain (name, version, chainId, verifyingContract),
    ///         written out from EIP-712 (not the registry's own function).
    function _digest(Attestation memory a, uint256 chainId, address verifyingContract) internal view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                EIP712_DOMAIN_TYPEHASH,
                keccak256("CrossMargin CollateralRegistry"),
                keccak256("1"),
                chainId,
                verifyingContract
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                registry.ATTESTATION_TYPEHASH(),
                a.sourceChainId,
                a.sourceRegistry,
                a.venue,
                a.account,
                a.commitment,
                a.stateNonce,
                a.sourceTimestamp,
                a.sequence
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, structHash));
    }

    /// @notice Signatures of `digest` by `keys`, in ascending signer order.
    function _signSorted(bytes32 digest, uint256[] memory keys) internal pure returns (bytes[] memory) {
        return CommitteeSignatures.signSorted(digest, keys);
    }

    /// @notice Signatures of `a` for this registry by the committee members numbered in `which`.
    function _signByMembers(Attestation memory a, uint256[] memory which) internal view returns (bytes[] memory) {
        uint256[] memory keys = new uint256[](which.length);
        for (uint256 i = 0; i < which.length; i++) {
            keys[i] = memberKeys[which[i]];
        }
        return _signSorted(_digest(a, block.chainid, address(registry)), keys);
    }

    function _two() internal pure returns (uint256[] memory w) {
        w = new uint256[](2);
        w[0] = 0;
        w[1] = 1;
    }

    function _mirror(Attestation memory a) internal returns (uint64) {
        return registry.mirrorCommitment(a, _signByMembers(a, _two()));
    }

    // ---------------------------------------------------------------- parameters

    /// @notice A valid parameter set for A = 2, U = 2, G = 4 with a negative correlation.
    function _parameters() internal pure returns (RiskParameters memory p) {
        p.haircut = new uint256[](2);
        p.haircut[0] = 900_000;
        p.haircut[1] = 750_000;
        p.debtWeight = new uint256[](2);
        p.debtWeight[0] = 1_050_000;
        p.debtWeight[1] = 1_100_000;
        p.shock = new uint256[](2);
        p.shock[0] = 150_000;
        p.shock[1] = 250_000;
        p.volMove = new uint256[](2);
        p.volMove[0] = 50_000;
        p.volMove[1] = 80_000;
        p.latencyVol = new uint256[](2);
        p.latencyVol[0] = 120;
        p.latencyVol[1] = 300;
        p.correlation = new int256[][](2);
        p.correlation[0] = new int256[](2);
        p.correlation[1] = new int256[](2);
        p.correlation[0][0] = 1_000_000;
        p.correlation[0][1] = -300_000;
        p.correlation[1][0] = -300_000;
        p.correlation[1][1] = 1_000_000;
        p.grid = new uint256[](4);
        p.grid[0] = 1_000_000;
        p.grid[1] = 666_667;
        p.grid[2] = 333_334;
        p.grid[3] = 0;
        p.levelMultiplier = [uint256(1_500_000), 1_000_000];
        p.levelFloor = [uint256(100_000_000), 50_000_000];
    }

    /// @notice A valid parameter set for any (a, u, g): unit diagonal, small off-diagonal correlations.
    function _parametersOfSize(uint256 a, uint256 u, uint256 g) internal pure returns (RiskParameters memory p) {
        p.haircut = new uint256[](a);
        p.debtWeight = new uint256[](a);
        for (uint256 i = 0; i < a; i++) {
            p.haircut[i] = 800_000 + i;
            p.debtWeight[i] = 1_000_000 + 10_000 * i;
        }
        p.shock = new uint256[](u);
        p.volMove = new uint256[](u);
        p.latencyVol = new uint256[](u);
        p.correlation = new int256[][](u);
        for (uint256 i = 0; i < u; i++) {
            p.shock[i] = 100_000 + i;
            p.volMove[i] = 40_000 + i;
            p.latencyVol[i] = 100 + i;
            p.correlation[i] = new int256[](u);
        }
        for (uint256 i = 0; i < u; i++) {
            for (uint256 j = 0; j < u; j++) {
                p.correlation[i][j] = i == j ? int256(1_000_000) : -int256(100_000 + 1000 * (i + j));
            }
        }
        p.grid = new uint256[](g);
        for (uint256 i = 0; i < g; i++) {
            p.grid[i] = (1_000_000 * (g - i)) / g;
        }
        p.levelMultiplier = [uint256(1_500_000), 1_000_000];
        p.levelFloor = [uint256(100_000_000), 50_000_000];
    }
}
