// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {GateBase} from "./GateBase.sol";
import {IMarginGate} from "../../src/interfaces/IMarginGate.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";
import {EventsLib} from "../../src/libraries/EventsLib.sol";

/// @notice liquidate and flagPriceLapse: an account is liquidated only after its proof lapsed
///         (expired, a commitment changed, or prices left the band) and the grace period
///         passed; never while the oracle is tripped, never beyond the rate limit; then the
///         venues settle through the vault.
contract LiquidateTest is GateBase {
    function test_AHealthyAccount_IsNotLiquidatable() public {
        string memory json = aliceHealthy();
        address alice = accountOf(json);
        uint256 expiry = healthOf(alice).expiry;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotLiquidatable.selector, alice, expiry, block.timestamp));
        gate.liquidate(alice);
    }

    function test_AnAccountThatNeverProved_IsNotLiquidatable() public {
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotLiquidatable.selector, address(0xdead), 0, block.timestamp));
        gate.liquidate(address(0xdead));
    }

    function test_AnExpiredProof_IsLiquidatableOnlyOnceTheGracePeriodHasPassed() public {
        string memory json = aliceHealthy();
        address alice = accountOf(json);
        uint256 expiry = healthOf(alice).expiry;
        vm.warp(expiry + GRACE - 1);
        assertFalse(gate.isLiquidatable(alice), "liquidatable inside the grace period");
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotLiquidatable.selector, alice, expiry, block.timestamp));
        gate.liquidate(alice);

        vm.warp(expiry + GRACE);
        vm.expectEmit(true, true, false, true, address(gate));
        emit EventsLib.Liquidated(alice, liquidator, 1, expiry);
        vm.prank(liquidator);
        gate.liquidate(alice);
        assertEq(healthOf(alice).expiry, 0, "health cleared");
        (bool open, address by, uint64 id) = gate.liquidationOf(alice);
        assertTrue(open, "liquidation open");
        assertEq(by, liquidator, "liquidator");
        assertEq(id, 1, "id");
        // Not twice.
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotLiquidatable.selector, alice, 0, block.timestamp));
        gate.liquidate(alice);
    }

    function test_ACommitmentChange_LapsesTheProofFromThatMoment() public {
        string memory json = aliceHealthy();
        address alice = accountOf(json);
        vm.warp(block.timestamp + 5 minutes);
        uint256 changed = block.timestamp;
        string memory withdrawal = fixture("alice-withdraw");
        vm.prank(operator);
        lending.post(alice, commitmentOf(withdrawal, 0), stateNonceOf(withdrawal, 0));
        assertEq(gate.lapsedAt(alice), changed, "lapse time");
        vm.warp(changed + GRACE);
        assertTrue(healthOf(alice).expiry > block.timestamp, "the proof has not expired yet");
        vm.prank(liquidator);
        gate.liquidate(alice);
    }

    function test_APriceMoveBeyondTheBand_LapsesTheProofFromTheRoundThatMadeIt() public {
        string memory json = aliceHealthy();
        address alice = accountOf(json);
        vm.warp(block.timestamp + 10 minutes);
        uint64 shock = closeRound(fixture("round-2"));
        (, uint64 closedAt) = hub.roundOf(shock);
        gate.flagPriceLapse(alice, shock);
        assertEq(gate.lapsedAt(alice), closedAt, "lapse time");
        vm.warp(closedAt + GRACE);
        vm.prank(liquidator);
        gate.liquidate(alice);
    }

    function test_APriceMoveWithinTheBand_CannotBeFlagged() public {
        string memory json = aliceHealthy();
        vm.warp(block.timestamp + 10 minutes);
        // Round 2 at round 1's prices.
        uint256[] memory assets = vm.parseJsonUintArray(json, ".round.assetPrices");
        uint256[] memory underlyings = vm.parseJsonUintArray(json, ".round.underlyingPrices");
        uint256[] memory prices = new uint256[](A + U);
        (prices[0], prices[1], prices[2], prices[3]) = (assets[0], assets[1], underlyings[0], underlyings[1]);
        for (uint256 i = 0; i < reporters.length; i++) {
            vm.prank(reporters[i]);
            hub.report(prices);
        }
        uint64 same = hub.closeRound();
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.PricesWithinBand.selector, uint64(1), same));
        gate.flagPriceLapse(accountOf(json), same);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.RoundNotAfterProof.selector, uint64(1), uint64(1)));
        gate.flagPriceLapse(accountOf(json), 1);
    }

    function test_ANewProof_EndsAPriceLapse() public {
        string memory json = aliceHealthy();
        address alice = accountOf(json);
        vm.warp(block.timestamp + 5 minutes); // the trade below must still be within tau of the posts
        uint64 shock = closeRound(fixture("round-2"));
        gate.flagPriceLapse(alice, shock);
        // The trade's initial proof (nonce 1) is a new proof: the flag was against nonce 0's.
        openTrade(fixture("alice-trade"));
        assertEq(gate.lapsedAt(alice), healthOf(alice).expiry, "only the expiry remains");
        vm.warp(block.timestamp + GRACE);
        assertFalse(gate.isLiquidatable(alice), "liquidatable after a new proof");
    }

    function test_ATrippedOracle_PausesLiquidation_AndGrantsAGracePeriodAfterReset() public {
        string memory json = aliceHealthy();
        address alice = accountOf(json);
        vm.warp(healthOf(alice).expiry + GRACE);
        trip();
        assertFalse(gate.isLiquidatable(alice), "liquidatable on a tripped oracle");
        vm.expectRevert(ErrorsLib.OracleTripped.selector);
        gate.liquidate(alice);

        vm.prank(governance);
        hub.reset();
        assertFalse(gate.isLiquidatable(alice), "liquidatable right after the reset");
        vm.warp(block.timestamp + GRACE);
        assertTrue(gate.isLiquidatable(alice), "not liquidatable a grace period after the reset");
    }

    function test_Liquidations_NeverExceedTheRateLimit() public {
        uint256 accounts = MAX_PER_WINDOW + 1;
        postBatchStates(accounts);
        closeRound(batchFixture(0));
        for (uint256 i = 0; i < accounts; i++) {
            assertTrue(submit(batchFixture(i)), "batch proof");
        }
        vm.warp(block.timestamp + PROOF_VALIDITY + GRACE);
        uint256 windowOpened = block.timestamp;
        for (uint256 i = 0; i < MAX_PER_WINDOW; i++) {
            gate.liquidate(accountOf(batchFixture(i)));
        }
        address last = accountOf(batchFixture(MAX_PER_WINDOW));
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.LiquidationRateLimited.selector, windowOpened + WINDOW));
        gate.liquidate(last);
        vm.warp(windowOpened + WINDOW);
        gate.liquidate(last);
    }

    function test_AfterLiquidation_TheVaultPaysTheVenueItsLossAndTheLiquidatorItsBonus() public {
        string memory json = aliceHealthy();
        address alice = accountOf(json);
        deposit(alice, 10_000e6);
        vm.warp(healthOf(alice).expiry + GRACE);
        vm.prank(liquidator);
        gate.liquidate(alice);

        // The perp venue closed Alice's positions at a 4,000 USDC loss; her slot is freed.
        vm.prank(operator);
        perp.settleLiquidation(alice, asToken(), 4_000e6, 0, stateNonceOf(json, 1) + 1);
        assertEq(usdc.balanceOf(address(perp)), 4_000e6, "venue paid its loss");
        assertEq(usdc.balanceOf(liquidator), 4_000e6 * BONUS / 1e6, "liquidator's bonus");
        assertEq(vault.balanceOf(alice, asToken()), 10_000e6 - 4_000e6 - 4_000e6 * BONUS / 1e6, "what is left");
        (uint256[] memory commitments,,) = registry.commitmentsOf(alice);
        assertEq(commitments[1], 0, "the perp slot is free");
    }

    function testFuzz_ALossBeyondTheBalance_PaysAtMostTheBalance(uint256 loss) public {
        string memory json = aliceHealthy();
        address alice = accountOf(json);
        deposit(alice, 1_000e6);
        vm.warp(healthOf(alice).expiry + GRACE);
        gate.liquidate(alice);
        loss = bound(loss, 0, 1e30);
        vm.prank(operator);
        perp.settleLiquidation(alice, asToken(), loss, 0, stateNonceOf(json, 1) + 1);
        assertLe(usdc.balanceOf(address(perp)) + usdc.balanceOf(address(this)), 1_000e6, "paid out");
        assertEq(usdc.balanceOf(address(vault)), vault.owed(asToken()), "held == owed");
    }
}
