// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {GateBase} from "./GateBase.sol";
import {IMarginGate} from "../../src/interfaces/IMarginGate.sol";
import {ErrorsLib} from "../../src/libraries/ErrorsLib.sol";
import {EventsLib} from "../../src/libraries/EventsLib.sol";

/// @notice requireInitialMargin, through the perp venue's openPosition: leverage is granted only
///         with an initial-level proof over the registry's state after the venue's post-trade
///         commitment, which here rests on collateral Alice keeps with the lending venue.
contract RequireInitialMarginTest is GateBase {
    function test_APostTradeStateCoveredByAnInitialProof_GrantsLeverage() public {
        aliceHealthy();
        string memory trade = fixture("alice-trade");
        address alice = accountOf(trade);
        vm.expectEmit(true, false, false, true, address(perp));
        emit EventsLib.LeverageGranted(alice, stateNonceOf(trade, 1), commitmentOf(trade, 1));
        openTrade(trade);

        (uint256[] memory commitments,,) = registry.commitmentsOf(alice);
        assertEq(commitments[1], commitmentOf(trade, 1), "the post-trade commitment is in the perp venue's slot");
        assertEq(commitments[0], commitmentOf(trade, 0), "the lending venue's slot is untouched");
        IMarginGate.Health memory h = healthOf(alice);
        assertEq(h.level, 0, "recorded at the initial level");
        assertEq(h.nonce, 2, "next nonce");
        (address venue, uint64 blockNumber, uint64 nonce) = gate.lastGrantOf(alice);
        assertEq(venue, address(perp), "grant venue");
        assertEq(blockNumber, block.number, "grant block");
        assertEq(nonce, 1, "grant nonce");
    }

    function test_AProofThatDoesNotCoverTheNewPosition_GrantsNothingAndPostsNothing() public {
        aliceHealthy();
        string memory trade = fixture("alice-trade");
        address alice = accountOf(trade);
        (uint256[] memory before,, uint64 epochBefore) = registry.commitmentsOf(alice);
        // The venue asks for a bigger position than the one proved: another post-trade commitment.
        uint256 bigger = commitmentOf(trade, 1) ^ 1;
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ProofRejected.selector, alice, uint64(1)));
        vm.prank(operator);
        perp.openPosition(alice, bigger, stateNonceOf(trade, 1), nonceOf(trade), roundOf(trade), tauOf(trade), proofOf(trade));
        (uint256[] memory afterwards,, uint64 epochAfter) = registry.commitmentsOf(alice);
        assertEq(afterwards[1], before[1], "the rejected post was undone");
        assertEq(epochAfter, epochBefore, "epoch");
    }

    function test_AMaintenanceProof_DoesNotGrantLeverage() public {
        // Alice's maintenance proof over her pre-trade state, presented as the trade's.
        string memory json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ProofRejected.selector, accountOf(json), uint64(0)));
        vm.prank(operator);
        perp.openPosition(accountOf(json), commitmentOf(json, 1), stateNonceOf(json, 1) + 1, 0, 1, tauOf(json), proofOf(json));
    }

    function test_OnlyAnAdmittedVenue_MayAskForInitialMargin() public {
        aliceHealthy();
        string memory trade = fixture("alice-trade");
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotAVenue.selector, address(this)));
        gate.requireInitialMargin(
            accountOf(trade), commitmentOf(trade, 1), stateNonceOf(trade, 1), 1, 1, tauOf(trade), proofOf(trade)
        );
    }

    function test_OnlyTheOperator_MayOpenAPosition() public {
        aliceHealthy();
        string memory trade = fixture("alice-trade");
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.NotOperator.selector, address(this)));
        perp.openPosition(accountOf(trade), commitmentOf(trade, 1), stateNonceOf(trade, 1), 1, 1, tauOf(trade), proofOf(trade));
    }

    function test_ATrippedOracle_PausesNewLeverage() public {
        aliceHealthy();
        trip();
        string memory trade = fixture("alice-trade");
        vm.expectRevert(ErrorsLib.OracleTripped.selector);
        openTrade(trade);
    }

    function test_ATradeProof_CannotBeFrontRunThroughSubmitProof() public {
        aliceHealthy();
        string memory trade = fixture("alice-trade");
        // Seen in the mempool and submitted before the venue's call: it covers a state the
        // registry does not hold yet, so it is rejected and the venue's call still succeeds.
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.ProofRejected.selector, accountOf(trade), uint64(1)));
        gate.submitProof(accountOf(trade), 1, 0, 1, tauOf(trade), proofOf(trade));
        openTrade(trade);
        assertEq(healthOf(accountOf(trade)).nonce, 2, "granted");
    }
}
