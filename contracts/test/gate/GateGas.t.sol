// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {GateBase} from "./GateBase.sol";

/// @notice What the gate's other entry points cost, with every contract's storage cold as in a
///         new transaction (the figures land in snapshots/GateGasTest.json). submitProof and
///         submitProofs are measured in SubmitProofs.t.sol.
contract GateGasTest is GateBase {
    function _cool() internal {
        vm.cool(address(gate));
        vm.cool(address(registry));
        vm.cool(address(hub));
        vm.cool(address(verifier));
        vm.cool(address(perp));
        vm.cool(address(vault));
    }

    /// @notice The perp venue's openPosition: the post-trade commitment posted through the gate
    ///         and the initial-margin proof over it verified, in one call.
    function test_Gas_RequireInitialMarginWithTheCommitmentUpdate() public {
        aliceHealthy();
        string memory trade = fixture("alice-trade");
        _cool();
        uint256 before = gasleft();
        openTrade(trade);
        vm.snapshotValue("openPosition (requireInitialMargin with the commitment update)", before - gasleft());
    }

    function test_Gas_Liquidate() public {
        string memory json = aliceHealthy();
        vm.warp(healthOf(accountOf(json)).expiry + GRACE);
        _cool();
        uint256 before = gasleft();
        gate.liquidate(accountOf(json));
        vm.snapshotValue("liquidate", before - gasleft());
    }

    function test_Gas_FlagPriceLapse() public {
        string memory json = aliceHealthy();
        vm.warp(block.timestamp + 5 minutes);
        uint64 shock = closeRound(fixture("round-2"));
        _cool();
        uint256 before = gasleft();
        gate.flagPriceLapse(accountOf(json), shock);
        vm.snapshotValue("flagPriceLapse", before - gasleft());
    }
}
