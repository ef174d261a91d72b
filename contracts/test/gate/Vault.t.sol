// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {GateBase} from "./GateBase.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";

/// @notice The vault: deposits once; collateral leaves only against a grant the gate recorded
///         for the same venue in the same call chain (a withdrawal covered by an initial proof),
///         once per grant.
contract VaultTest is GateBase {
    uint256 internal constant DEPOSIT = 25_000e6;

    function test_Deposit_CreditsWhatArrived() public {
        address alice = accountOf(fixture("alice-maintenance"));
        deposit(alice, DEPOSIT);
        assertEq(vault.balanceOf(alice, asToken()), DEPOSIT, "balance");
        assertEq(vault.owed(asToken()), DEPOSIT, "owed");
        assertEq(usdc.balanceOf(address(vault)), DEPOSIT, "held");
    }

    function test_AWithdrawalCoveredByAnInitialProof_IsReleased() public {
        aliceHealthy();
        openTrade(fixture("alice-trade"));
        string memory withdrawal = fixture("alice-withdraw");
        address alice = accountOf(withdrawal);
        deposit(alice, DEPOSIT);
        vm.prank(operator);
        lending.withdraw(
            alice,
            asToken(),
            5_000e6,
            commitmentOf(withdrawal, 0),
            stateNonceOf(withdrawal, 0),
            nonceOf(withdrawal),
            roundOf(withdrawal),
            tauOf(withdrawal),
            proofOf(withdrawal)
        );
        assertEq(usdc.balanceOf(alice), 5_000e6, "released to the account");
        assertEq(vault.balanceOf(alice, asToken()), DEPOSIT - 5_000e6, "balance");
    }

    function test_ARelease_WithoutAGrant_IsRefused() public {
        address alice = accountOf(fixture("alice-maintenance"));
        deposit(alice, DEPOSIT);
        vm.prank(address(lending));
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NoGrant.selector, alice, address(lending)));
        vault.release(alice, asToken(), 1, alice);
    }

    function test_AGrant_ReleasesOnceAndOnlyForItsVenue() public {
        aliceHealthy();
        string memory trade = fixture("alice-trade");
        address alice = accountOf(trade);
        deposit(alice, DEPOSIT);
        openTrade(trade);
        // The grant is the perp venue's: the lending venue cannot use it.
        vm.prank(address(lending));
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NoGrant.selector, alice, address(lending)));
        vault.release(alice, asToken(), 1, alice);
        vm.prank(address(perp));
        vault.release(alice, asToken(), 1, alice);
        vm.prank(address(perp));
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NoGrant.selector, alice, address(perp)));
        vault.release(alice, asToken(), 1, alice);
        // Nor in a later block.
        assertEq(vault.balanceOf(alice, asToken()), DEPOSIT - 1, "one release");
    }

    function test_OnlyAdmittedVenues_Draw() public {
        address alice = accountOf(fixture("alice-maintenance"));
        deposit(alice, DEPOSIT);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotAVenue.selector, address(this)));
        vault.release(alice, asToken(), 1, alice);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotAVenue.selector, address(this)));
        vault.settleLiquidation(alice, asToken(), 1);
    }

    function test_Settlement_OutsideALiquidation_IsRefused() public {
        string memory json = aliceHealthy();
        address alice = accountOf(json);
        deposit(alice, DEPOSIT);
        vm.prank(address(lending));
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotInLiquidation.selector, alice));
        vault.settleLiquidation(alice, asToken(), 1);
    }

    function testFuzz_Deposits_AreOwedInFull(uint256 a, uint256 b) public {
        a = bound(a, 1, 1e30);
        b = bound(b, 1, 1e30);
        deposit(address(0xa), a);
        deposit(address(0xb), b);
        assertEq(vault.owed(asToken()), a + b, "owed");
        assertGe(usdc.balanceOf(address(vault)), vault.owed(asToken()), "held covers owed");
    }
}
