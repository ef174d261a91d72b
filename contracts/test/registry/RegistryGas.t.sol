// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {RegistryTestBase} from "./RegistryTestBase.sol";
import {CollateralRegistry} from "../../src/CollateralRegistry.sol";
import {Attestation, RiskParameters} from "../../src/interfaces/ICollateralRegistry.sol";

/// @notice Gas of the registry's entry points, each measured with the registry's storage cold
///         (vm.cool: as the first call of a transaction), recorded in snapshots/RegistryGasTest.json
///         (execution gas of the call: no 21,000 base, no calldata) and held under a budget.
contract RegistryGasTest is RegistryTestBase {
    function _measure(string memory name, uint256 budget) internal {
        uint256 used = vm.snapshotGasLastCall(name);
        assertLe(used, budget, name);
    }

    function test_Gas_PostCommitment() public {
        vm.cool(address(registry));
        _post(venueA, account, 11, 1);
        _measure("postCommitment: first slot of an account", 140_000);

        vm.cool(address(registry));
        _post(venueB, account, 22, 1);
        _measure("postCommitment: new slot, account has one", 125_000);

        vm.cool(address(registry));
        _post(venueA, account, 12, 2);
        // An update re-reads the other held slot's timestamp (the header keeps the oldest).
        _measure("postCommitment: update of a held slot", 40_000);

        vm.cool(address(registry));
        _post(venueA, account, 0, 3);
        _measure("postCommitment: free a slot", 40_000);
    }

    function test_Gas_PostFor() public {
        vm.cool(address(registry));
        vm.prank(gate);
        registry.postFor(venueA, account, 11, 1);
        _measure("postFor: first slot of an account", 145_000);

        vm.cool(address(registry));
        vm.prank(gate);
        registry.postFor(venueA, account, 12, 2);
        _measure("postFor: update of a held slot", 40_000);
    }

    function test_Gas_MirrorCommitment2of3() public {
        Attestation memory a = _attestation(remoteVenue, account, 11, 1, uint64(T0), 1);
        bytes[] memory sigs = _signByMembers(a, _two());
        vm.cool(address(registry));
        registry.mirrorCommitment(a, sigs);
        _measure("mirrorCommitment 2-of-3: new slot", 175_000);

        a = _attestation(remoteVenue, account, 12, 2, uint64(T0), 2);
        sigs = _signByMembers(a, _two());
        vm.cool(address(registry));
        registry.mirrorCommitment(a, sigs);
        _measure("mirrorCommitment 2-of-3: update", 65_000);
    }

    function test_Gas_CommitmentsOf() public {
        _post(venueA, account, 11, 1);
        _post(venueB, account, 22, 1);
        _post(venueC, account, 33, 1);
        vm.cool(address(registry));
        registry.commitmentsOf(account);
        _measure("commitmentsOf: V = 3, all held", 20_000);

        CollateralRegistry big = new CollateralRegistry(8, 8, 4, 4, governance, DELAY);
        vm.startPrank(governance);
        for (uint160 i = 1; i <= 8; i++) {
            big.admitLocalVenue(address(i * 0x10000));
        }
        vm.stopPrank();
        for (uint160 i = 1; i <= 8; i++) {
            vm.prank(address(i * 0x10000));
            big.postCommitment(account, i, 1);
        }
        vm.cool(address(big));
        big.commitmentsOf(account);
        _measure("commitmentsOf: V = 8, all held", 45_000);
    }

    function test_Gas_ProposeParameters_A2_U2_G4() public {
        RiskParameters memory p = _parameters();
        vm.cool(address(registry));
        vm.prank(governance);
        registry.proposeParameters(p);
        _measure("proposeParameters: A=2, U=2, G=4", 1_450_000);
    }

    function test_Gas_ProposeParameters_A8_U4_G4() public {
        CollateralRegistry big = new CollateralRegistry(8, 8, 4, 4, governance, DELAY);
        RiskParameters memory p = _parametersOfSize(8, 4, 4);
        vm.cool(address(big));
        vm.prank(governance);
        big.proposeParameters(p);
        _measure("proposeParameters: A=8, U=4, G=4", 3_000_000);

        vm.warp(T0 + DELAY);
        vm.cool(address(big));
        big.activateParameters();
        _measure("activateParameters", 60_000);
    }
}
