// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {PoseidonT6} from "poseidon-solidity/PoseidonT6.sol";
import {RegistryTestBase} from "./RegistryTestBase.sol";
import {CollateralRegistry} from "../../src/CollateralRegistry.sol";
import {RiskParameters} from "../../src/interfaces/ICollateralRegistry.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";
import {EventsLib} from "../../src/libraries/EventsLib.sol";

/// @notice proposeParameters: every bound of docs/margin-model.md just inside and just outside,
///         the correlation's shape, the level order, the array sizes, and the hash.
contract ProposeParametersTest is RegistryTestBase {
    uint256 internal constant TWO_24 = 2 ** 24;
    uint256 internal constant TWO_64 = 2 ** 64;

    // Fields by number, for the bound table.
    uint256 internal constant HAIRCUT = 0;
    uint256 internal constant DEBT_WEIGHT = 1;
    uint256 internal constant SHOCK = 2;
    uint256 internal constant VOL_MOVE = 3;
    uint256 internal constant LATENCY_VOL = 4;
    uint256 internal constant GRID = 5;
    uint256 internal constant MULTIPLIER = 6;
    uint256 internal constant FLOOR = 7;

    function _name(uint256 field) internal pure returns (string memory) {
        return
            ["haircut", "debtWeight", "shock", "volMove", "latencyVol", "grid", "levelMultiplier", "levelFloor"][field];
    }

    /// @notice [min, max] of each field (docs/margin-model.md, "Bounds"), both inclusive.
    function _bounds(uint256 field) internal pure returns (uint256 min, uint256 max) {
        if (field == HAIRCUT) return (0, 1e6);
        if (field == DEBT_WEIGHT) return (1e6, TWO_24 - 1);
        if (field == GRID) return (0, 1e6);
        if (field == FLOOR) return (0, TWO_64 - 1);
        if (field == SHOCK) return (0, 1e6); // a shock is at most the whole price
        if (field == MULTIPLIER) return (1e6, TWO_24 - 1); // maintenance covers at least R
        return (0, TWO_24 - 1); // v, sigma
    }

    function _set(RiskParameters memory p, uint256 field, uint256 index, uint256 value) internal pure {
        if (field == HAIRCUT) p.haircut[index] = value;
        else if (field == DEBT_WEIGHT) p.debtWeight[index] = value;
        else if (field == SHOCK) p.shock[index] = value;
        else if (field == VOL_MOVE) p.volMove[index] = value;
        else if (field == LATENCY_VOL) p.latencyVol[index] = value;
        else if (field == GRID) p.grid[index] = value;
        else if (field == MULTIPLIER) p.levelMultiplier[index] = value;
        else p.levelFloor[index] = value;
    }

    /// @dev A set with field[index] = value, the levels kept in order (both levels move together).
    function _with(uint256 field, uint256 index, uint256 value) internal pure returns (RiskParameters memory p) {
        p = _parameters();
        if (field == MULTIPLIER || field == FLOOR) {
            _set(p, field, 0, value);
            _set(p, field, 1, value);
        } else {
            _set(p, field, index, value);
        }
    }

    function _propose(RiskParameters memory p) internal returns (uint256 id, uint256 h) {
        vm.prank(governance);
        return registry.proposeParameters(p);
    }

    function _expectOut(uint256 field, uint256 index, uint256 value) internal {
        (uint256 min, uint256 max) = _bounds(field);
        vm.expectRevert(
            abi.encodeWithSelector(ErrorsLib.ParameterOutOfBounds.selector, _name(field), index, value, min, max)
        );
    }

    // ---------------------------------------------------------------- bounds

    function test_EveryBoundJustInsideIsAccepted() public {
        for (uint256 field = 0; field <= FLOOR; field++) {
            (uint256 min, uint256 max) = _bounds(field);
            _propose(_with(field, 1, min));
            _propose(_with(field, 1, max));
        }
    }

    function test_EveryBoundJustOutsideIsRefused() public {
        for (uint256 field = 0; field <= FLOOR; field++) {
            (uint256 min, uint256 max) = _bounds(field);
            uint256 index = field == MULTIPLIER || field == FLOOR ? 0 : 1;
            if (min > 0) {
                _expectOut(field, index, min - 1);
                _propose(_with(field, 1, min - 1));
            }
            _expectOut(field, index, max + 1);
            _propose(_with(field, 1, max + 1));
        }
    }

    function testFuzz_BoundsHoldForEveryFieldAndValue(uint256 field, uint256 index, uint256 value) public {
        field = bound(field, 0, FLOOR);
        // grid[0] = 10^6 stays: the full shock (GridWithoutFullShock has its own test).
        index = bound(index, field == GRID ? 1 : 0, field == GRID ? G - 1 : 1);
        (uint256 min, uint256 max) = _bounds(field);
        value = bound(value, min > 0 ? min - 1 : 0, max + 1);
        RiskParameters memory p = _with(field, index, value);
        if (value < min || value > max) {
            _expectOut(field, field == MULTIPLIER || field == FLOOR ? 0 : index, value);
        }
        _propose(p);
    }

    function test_CorrelationBoundsJustInsideAndOutside() public {
        RiskParameters memory p = _parameters();
        (p.correlation[0][1], p.correlation[1][0]) = (-1e6, -1e6);
        _propose(p);
        (p.correlation[0][1], p.correlation[1][0]) = (1e6, 1e6);
        _propose(p);
        (p.correlation[0][1], p.correlation[1][0]) = (-1e6 - 1, -1e6 - 1);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CorrelationOutOfBounds.selector, 0, 1, int256(-1e6 - 1)));
        _propose(p);
        (p.correlation[0][1], p.correlation[1][0]) = (1e6 + 1, 1e6 + 1);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CorrelationOutOfBounds.selector, 0, 1, int256(1e6 + 1)));
        _propose(p);
    }

    function testFuzz_AsymmetricCorrelationIsRefused(int256 a, int256 b) public {
        a = int256(bound(uint256(a), 0, 2e6)) - 1e6;
        b = int256(bound(uint256(b), 0, 2e6)) - 1e6;
        vm.assume(a != b);
        RiskParameters memory p = _parameters();
        (p.correlation[0][1], p.correlation[1][0]) = (a, b);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CorrelationNotSymmetric.selector, 1, 0, b, a));
        _propose(p);
    }

    function testFuzz_DiagonalOtherThanOneIsRefused(int256 d) public {
        d = int256(bound(uint256(d), 0, 2e6)) - 1e6;
        vm.assume(d != 1e6);
        RiskParameters memory p = _parameters();
        p.correlation[1][1] = d;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CorrelationDiagonal.selector, 1, d));
        _propose(p);
    }

    function test_AnUnusedUnderlyingIsTheIdentitysRow_AZeroDiagonalIsRefusedEvenThere() public {
        RiskParameters memory p = _parameters();
        (p.shock[1], p.volMove[1], p.latencyVol[1]) = (0, 0, 0);
        (p.correlation[0][1], p.correlation[1][0], p.correlation[1][1]) = (0, 0, 1e6);
        _propose(p); // the model's padding of an unused underlying slot
        p.correlation[1][1] = 0; // the old padding: the circuit refuses it, so does the registry
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CorrelationDiagonal.selector, 1, 0));
        _propose(p);
    }

    function test_TheIssuesZeroDiagonalAntiCorrelationIsRefused() public {
        // [[0, -1], [-1, 0]]: each entry in bounds, symmetric; R = 0 beside any loss.
        RiskParameters memory p = _parameters();
        (p.correlation[0][0], p.correlation[0][1], p.correlation[1][0], p.correlation[1][1]) = (0, -1e6, -1e6, 0);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CorrelationDiagonal.selector, 0, 0));
        _propose(p);
    }

    function test_ADiagonalOneUnitOffIsRefused() public {
        RiskParameters memory p = _parameters();
        p.correlation[0][0] = 1e6 - 1;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CorrelationDiagonal.selector, 0, int256(1e6 - 1)));
        _propose(p);
        p.correlation[0][0] = -1e6;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CorrelationDiagonal.selector, 0, int256(-1e6)));
        _propose(p);
    }

    function test_AnAsymmetricPairOneUnitApartIsRefused() public {
        RiskParameters memory p = _parameters();
        p.correlation[1][0] = -300_001;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CorrelationNotSymmetric.selector, 1, 0, int256(-300_001), int256(-300_000)));
        _propose(p);
    }

    function test_AnAsymmetricPairInALargerMatrixIsRefused() public {
        CollateralRegistry big = new CollateralRegistry(2, 2, 4, 4, governance, DELAY);
        RiskParameters memory p = _parametersOfSize(2, 4, 4);
        vm.prank(governance);
        big.proposeParameters(p); // the valid set
        p.correlation[3][1] = p.correlation[1][3] + 1;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.CorrelationNotSymmetric.selector, 3, 1, p.correlation[3][1], p.correlation[1][3]));
        vm.prank(governance);
        big.proposeParameters(p);
    }

    function test_AGridWithoutTheFullShockIsRefused() public {
        RiskParameters memory p = _parameters();
        p.grid[0] = 1e6 - 1;
        vm.expectRevert(ErrorsLib.GridWithoutFullShock.selector);
        _propose(p);
        p.grid = new uint256[](G); // all zero: no price move at all
        vm.expectRevert(ErrorsLib.GridWithoutFullShock.selector);
        _propose(p);
        p.grid[G - 1] = 1e6; // the full shock anywhere will do
        _propose(p);
    }

    function test_AMaintenanceMultiplierBelowOneIsRefused() public {
        RiskParameters memory p = _parameters();
        p.levelMultiplier = [uint256(1_500_000), 999_999];
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ParameterOutOfBounds.selector, "levelMultiplier", 1, 999_999, 1e6, TWO_24 - 1));
        _propose(p);
        p.levelMultiplier = [uint256(1_500_000), 0];
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ParameterOutOfBounds.selector, "levelMultiplier", 1, 0, 1e6, TWO_24 - 1));
        _propose(p);
    }

    function test_AShockAboveTheWholePriceIsRefused() public {
        RiskParameters memory p = _parameters();
        p.shock[0] = 1e6 + 1;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ParameterOutOfBounds.selector, "shock", 0, 1e6 + 1, 0, 1e6));
        _propose(p);
    }

    function test_LevelsMustBeOrdered() public {
        RiskParameters memory p = _parameters();
        p.levelMultiplier = [uint256(1e6), 1e6];
        p.levelFloor = [uint256(5), 5];
        _propose(p); // equal is in order
        p.levelMultiplier = [uint256(1e6), 1e6 + 1];
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.LevelsNotOrdered.selector, "levelMultiplier", 1e6, 1e6 + 1));
        _propose(p);
        p.levelMultiplier = [uint256(1e6), 1e6];
        p.levelFloor = [uint256(5), 6];
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.LevelsNotOrdered.selector, "levelFloor", 5, 6));
        _propose(p);
    }

    function test_ArraySizesMustBeTheConfigurations() public {
        RiskParameters memory p = _parameters();
        p.haircut = new uint256[](3);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ParameterLength.selector, "haircut", 3, A));
        _propose(p);
        p = _parameters();
        p.grid = new uint256[](3);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ParameterLength.selector, "grid", 3, G));
        _propose(p);
        p = _parameters();
        p.correlation = new int256[][](1);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ParameterLength.selector, "correlation", 1, U));
        _propose(p);
        p = _parameters();
        p.correlation[1] = new int256[](3);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ParameterLength.selector, "correlation row", 3, U));
        _propose(p);
        p = _parameters();
        p.latencyVol = new uint256[](0);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ParameterLength.selector, "latencyVol", 0, U));
        _propose(p);
    }

    function testFuzz_GovernanceOnly(address who) public {
        vm.assume(who != governance);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, bytes32(0))
        );
        vm.prank(who);
        registry.proposeParameters(_parameters());
    }

    // ---------------------------------------------------------------- pending set, event, read-back

    function test_ProposalIsPendingInFullWithItsHashAndActivationTime() public {
        RiskParameters memory p = _parameters();
        uint256 expected = _expectedHash();
        vm.expectEmit(true, true, true, true, address(registry));
        emit EventsLib.ParametersProposed(1, expected, uint64(T0) + DELAY, p);
        (uint256 id, uint256 h) = _propose(p);
        assertEq(id, 1, "id");
        assertEq(h, expected, "hash");
        (uint256 pid, uint256 ph, uint64 due, RiskParameters memory back) = registry.pendingParameters();
        assertEq(pid, 1, "pending id");
        assertEq(ph, h, "pending hash");
        assertEq(due, T0 + DELAY, "activatesAt");
        assertEq(abi.encode(back), abi.encode(p), "pending set read back in full");
        assertEq(registry.parameterHash(), 0, "nothing active yet");
    }

    function testFuzz_EverySetReadsBackExactly(uint256[22] memory seeds) public {
        RiskParameters memory p = _parameters();
        uint256 s;
        for (uint256 i = 0; i < A; i++) {
            p.haircut[i] = bound(seeds[s++], 0, 1e6);
        }
        for (uint256 i = 0; i < A; i++) {
            p.debtWeight[i] = bound(seeds[s++], 1e6, TWO_24 - 1);
        }
        for (uint256 i = 0; i < U; i++) {
            p.shock[i] = bound(seeds[s++], 1, 1e6);
        }
        for (uint256 i = 0; i < U; i++) {
            p.volMove[i] = bound(seeds[s++], 0, TWO_24 - 1);
        }
        for (uint256 i = 0; i < U; i++) {
            p.latencyVol[i] = bound(seeds[s++], 0, TWO_24 - 1);
        }
        int256 rho = int256(bound(seeds[s++], 0, 2e6)) - 1e6;
        (p.correlation[0][1], p.correlation[1][0]) = (rho, rho);
        for (uint256 i = 0; i < G; i++) {
            p.grid[i] = bound(seeds[s++], 0, 1e6);
        }
        p.grid[seeds[0] % G] = 1e6; // the full shock, somewhere
        uint256 k1 = bound(seeds[s++], 1e6, TWO_24 - 1);
        p.levelMultiplier = [bound(seeds[s++], k1, TWO_24 - 1), k1];
        uint256 f1 = bound(seeds[s++], 0, TWO_64 - 1);
        p.levelFloor = [bound(seeds[s++], f1, TWO_64 - 1), f1];
        _propose(p);
        (,,, RiskParameters memory back) = registry.pendingParameters();
        assertEq(abi.encode(back), abi.encode(p), "read back");
    }

    function test_ANewProposalReplacesThePendingOneAndRestartsTheClock() public {
        _propose(_parameters());
        vm.warp(T0 + 100);
        RiskParameters memory p = _parameters();
        p.haircut[0] = 1;
        (uint256 id,) = _propose(p);
        (uint256 pid,, uint64 due,) = registry.pendingParameters();
        assertEq(pid, id, "the newer is pending");
        assertEq(id, 2, "id 2");
        assertEq(due, T0 + 100 + DELAY, "clock restarted");
    }

    // ---------------------------------------------------------------- the hash, independently

    function test_PoseidonT6IsCircomlibsPoseidon5() public pure {
        // tests/vectors/poseidon.json: circomlibjs poseidon([1, 2, 3, 4, 5]).
        assertEq(
            PoseidonT6.hash([uint256(1), 2, 3, 4, 5]),
            6183221330272524995739186171720101788151706631170188140075976616310159254464,
            "Poseidon(5) of 1..5"
        );
    }

    /// @notice The hash of _parameters() (A = U = 2, G = 4), written out call by call from
    ///         docs/margin-model.md: 22 elements, six Poseidon(5) calls.
    function _expectedHash() internal pure returns (uint256 acc) {
        acc = (3 << 40) + (2 << 32) + (2 << 24) + (4 << 8);
        assertEq(acc, 3307158373376, "tag = 3*2^40 + 2*2^32 + 2*2^24 + 4*2^8");
        uint256 minus = R - 300_000; // rho = -0.3 enters as r - |rho|
        acc = PoseidonT6.hash([acc, 900_000, 750_000, 1_050_000, 1_100_000]); // h[0], h[1], w[0], w[1]
        acc = PoseidonT6.hash([acc, 150_000, 250_000, 50_000, 80_000]); // m[0], m[1], v[0], v[1]
        acc = PoseidonT6.hash([acc, 120, 300, 1_000_000, minus]); // sigma[0], sigma[1], rho[0][0], rho[0][1]
        acc = PoseidonT6.hash([acc, minus, 1_000_000, 1_000_000, 666_667]); // rho[1][0], rho[1][1], g[0], g[1]
        acc = PoseidonT6.hash([acc, 333_334, 0, 1_500_000, 1_000_000]); // g[2], g[3], k[0], k[1]
        acc = PoseidonT6.hash([acc, 100_000_000, 50_000_000, 0, 0]); // floor[0], floor[1], padding
    }

    function test_TheOnChainHashIsTheModelsChainHash() public {
        (, uint256 h) = _propose(_parameters());
        assertEq(h, _expectedHash(), "parameter hash");
        // The C# engine's MarginHashes.ParameterHash of the same set (configuration V=2, A=2, U=2,
        // P=2, G=4), printed once by a throwaway console program; the gate's tests repeat the
        // check against the build's own C# output.
        assertEq(h, 21683235654743007629798571406822190645556369472548018789695535364756759076816, "C# engine's hash");
    }

    function test_TheReferenceConfigurationsHashIsTheCsharpEnginesToo() public {
        // A = 8, U = 4, G = 4: 52 elements, 13 Poseidon(5) calls, six negative correlations.
        CollateralRegistry big = new CollateralRegistry(8, 8, 4, 4, governance, DELAY);
        vm.prank(governance);
        (, uint256 h) = big.proposeParameters(_parametersOfSize(8, 4, 4));
        // MarginHashes.ParameterHash of the same set in the reference configuration, printed
        // once by a throwaway console program.
        assertEq(h, 4806382504200466200510740071926062118101102123321639417519589034074040154269, "C# engine's hash");
    }

    function test_TheHashDependsOnTheCorrelationsSign() public {
        (, uint256 negative) = _propose(_parameters());
        RiskParameters memory p = _parameters();
        (p.correlation[0][1], p.correlation[1][0]) = (300_000, 300_000);
        (, uint256 positive) = _propose(p);
        assertTrue(negative != positive, "sign matters");
    }
}
