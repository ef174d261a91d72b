// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {GateBase, TestToken} from "./GateBase.sol";
import {TestBase} from "../utils/Vm.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IMarginGate} from "../../src/interfaces/IMarginGate.sol";
import {MarginGate} from "../../src/MarginGate.sol";
import {CollateralRegistry} from "../../src/CollateralRegistry.sol";
import {OracleHub} from "../../src/OracleHub.sol";
import {CollateralVault} from "../../src/CollateralVault.sol";
import {LendingVenue} from "../../src/venues/LendingVenue.sol";
import {PerpVenue} from "../../src/venues/PerpVenue.sol";

/// @notice The actors of the gate's world, driven by forge's invariant runner: keepers submit the
///         batch accounts' real proofs (genuine or with a coordinate changed), Alice trades and
///         withdraws through the venues, venues post new states, reporters move prices or trip
///         the hub and governance resets it, liquidators try to liquidate anyone, time passes.
///         The handler keeps its own account of what should be possible (ghost variables) and
///         records every call that succeeded where the rules forbid it.
contract GateHandler is TestBase {
    MarginGate internal immutable gate;
    CollateralRegistry internal immutable registry;
    OracleHub internal immutable hub;
    CollateralVault internal immutable vault;
    LendingVenue internal immutable lending;
    PerpVenue internal immutable perp;
    TestToken internal immutable usdc;
    address internal immutable operator;
    address internal immutable governance;
    address[] internal reporters;

    IMarginGate.Submission[] internal submissions;
    IMarginGate.Submission internal trade;
    uint256 internal tradeCommitment;
    uint64 internal tradeStateNonce;
    uint256[] internal roundPrices;
    mapping(address => uint64) internal lendingNonce;

    // Ghosts.
    uint256 public forbiddenSuccesses;
    string public lastForbidden;
    uint256 public acceptedProofs;
    uint256 public liquidations;
    uint256 public leverageGrants;
    mapping(uint256 window => uint256) public liquidationsInWindow;
    uint256[] public windows;

    uint256 internal constant GRACE = 15 minutes;
    uint256 internal constant WINDOW = 1 hours;

    struct World {
        MarginGate gate;
        CollateralRegistry registry;
        OracleHub hub;
        CollateralVault vault;
        LendingVenue lending;
        PerpVenue perp;
        TestToken usdc;
        address operator;
        address governance;
    }

    constructor(World memory w, address[3] memory reporters_, IMarginGate.Submission[] memory batch, string memory tradeJson)
    {
        (gate, registry, hub, vault, lending, perp, usdc, operator, governance) =
            (w.gate, w.registry, w.hub, w.vault, w.lending, w.perp, w.usdc, w.operator, w.governance);
        for (uint256 i = 0; i < 3; i++) {
            reporters.push(reporters_[i]);
        }
        for (uint256 i = 0; i < batch.length; i++) {
            submissions.push(batch[i]);
            lendingNonce[batch[i].account] = 1;
        }
        uint256[] memory proofWords = vm.parseJsonUintArray(tradeJson, ".proof");
        uint256[8] memory proof;
        for (uint256 i = 0; i < 8; i++) {
            proof[i] = proofWords[i];
        }
        trade = IMarginGate.Submission(vm.parseJsonAddress(tradeJson, ".account"), 1, 0, 1, uint32(vm.parseJsonUint(tradeJson, ".tau")), proof);
        tradeCommitment = vm.parseJsonUint(tradeJson, ".venues[1].commitment");
        tradeStateNonce = uint64(vm.parseJsonUint(tradeJson, ".venues[1].stateNonce"));
        uint256[] memory assets = vm.parseJsonUintArray(tradeJson, ".round.assetPrices");
        uint256[] memory underlyings = vm.parseJsonUintArray(tradeJson, ".round.underlyingPrices");
        roundPrices = [assets[0], assets[1], underlyings[0], underlyings[1]];
    }

    // ----------------------------------------------------------------- actions

    function submitProof(uint256 which, bool tamper, uint256 coordinate) external {
        IMarginGate.Submission memory s = submissions[bound(which, 0, submissions.length - 1)];
        if (tamper) s.proof[bound(coordinate, 0, 7)] ^= 1;
        IMarginGate.Health memory before = gate.healthOf(s.account);
        try gate.submitProof(s.account, s.nonce, s.level, s.roundId, s.tau, s.proof) returns (bool recorded) {
            if (!recorded) return;
            acceptedProofs++;
            if (tamper) _forbidden("a tampered proof was accepted");
            if (before.nonce != 0) _forbidden("a proof was accepted twice");
            if (hub.tripped()) _forbidden("a proof was accepted on a tripped oracle");
        } catch {}
    }

    function submitBatch(uint256 from, uint256 count, bool tamper) external {
        from = bound(from, 0, submissions.length - 1);
        count = bound(count, 1, submissions.length - from);
        IMarginGate.Submission[] memory batch = new IMarginGate.Submission[](count);
        for (uint256 i = 0; i < count; i++) {
            batch[i] = submissions[from + i];
        }
        if (tamper) batch[count - 1].proof[0] ^= 1;
        // A tampered proof can only pass as "already recorded" (skipped, never verified).
        bool tamperedIsNew = gate.healthOf(batch[count - 1].account).nonce == 0;
        bool tripped = hub.tripped();
        try gate.submitProofs(batch) returns (uint256 recorded) {
            acceptedProofs += recorded;
            if (tamper && tamperedIsNew) _forbidden("a batch with a tampered proof was accepted");
            if (tripped && recorded != 0) _forbidden("a batch was accepted on a tripped oracle");
        } catch {}
    }

    /// @dev The perp venue grants Alice leverage, with the real post-trade proof or another
    ///      commitment than the one proved.
    function openTrade(bool honest) external {
        uint256 commitment = honest ? tradeCommitment : tradeCommitment ^ 1;
        bool tripped = hub.tripped();
        vm.prank(operator);
        try perp.openPosition(trade.account, commitment, tradeStateNonce, trade.nonce, trade.roundId, trade.tau, trade.proof) {
            leverageGrants++;
            if (!honest) _forbidden("leverage granted for a state the proof does not cover");
            if (tripped) _forbidden("leverage granted on a tripped oracle");
            IMarginGate.Health memory h = gate.healthOf(trade.account);
            (uint256[] memory commitments,,) = registry.commitmentsOf(trade.account);
            if (h.level != 0 || h.nonce != trade.nonce + 1 || commitments[1] != commitment) {
                _forbidden("leverage granted without an initial proof over the post-trade state");
            }
        } catch {}
    }

    /// @dev A venue posts a new state for an account (any change lapses its proof).
    function postState(uint256 which, uint256 commitment) external {
        address account = submissions[bound(which, 0, submissions.length - 1)].account;
        commitment = bound(commitment, 1, 2 ** 253);
        uint64 nonce = ++lendingNonce[account];
        vm.prank(operator);
        lending.post(account, commitment, nonce);
    }

    /// @dev Someone who is not a venue tries to write a commitment.
    function postAsStranger(address stranger, uint256 which, uint256 commitment) external {
        if (stranger == address(lending) || stranger == address(perp) || stranger == address(gate)) return;
        address account = submissions[bound(which, 0, submissions.length - 1)].account;
        vm.prank(stranger);
        try registry.postCommitment(account, bound(commitment, 1, 2 ** 253), type(uint64).max) {
            _forbidden("a stranger wrote a commitment");
        } catch {}
    }

    /// @dev A liquidator sweeping every account at once (what the rate limit is for).
    function liquidateEveryone(address by) external {
        for (uint256 i = 0; i <= submissions.length; i++) {
            this.liquidate(i == submissions.length ? 0 : 2 * i + 1, by);
        }
    }

    function liquidate(uint256 which, address by) public {
        address account = which % 2 == 0 ? trade.account : submissions[which / 2 % submissions.length].account;
        bool healthy = _healthy(account);
        bool tripped = hub.tripped();
        uint256 resumed = hub.resumedAt();
        vm.prank(by);
        try gate.liquidate(account) {
            liquidations++;
            if (healthy) _forbidden("a healthy account was liquidated");
            if (tripped) _forbidden("a liquidation on a tripped oracle");
            if (resumed != 0 && block.timestamp < resumed + GRACE) _forbidden("a liquidation inside the grace after a reset");
            uint256 window = gate.windowStart();
            if (liquidationsInWindow[window] == 0) windows.push(window);
            liquidationsInWindow[window]++;
        } catch {}
    }

    function closeRound(uint256 ethMove) external {
        if (hub.tripped()) return;
        // ETH moves by up to +-20% (a move beyond the gate's 10% band lapses proofs).
        ethMove = bound(ethMove, 800_000, 1_200_000);
        uint256[] memory prices = new uint256[](4);
        (prices[0], prices[1], prices[2], prices[3]) =
            (roundPrices[0], roundPrices[1] * ethMove / 1e6, roundPrices[2] * ethMove / 1e6, roundPrices[3]);
        for (uint256 i = 0; i < reporters.length; i++) {
            vm.prank(reporters[i]);
            hub.report(prices);
        }
        try hub.closeRound() {} catch {}
    }

    function flagPriceLapse(uint256 which, uint64 roundId) external {
        address account = submissions[bound(which, 0, submissions.length - 1)].account;
        roundId = uint64(bound(roundId, 1, hub.latestRoundId() + 1));
        try gate.flagPriceLapse(account, roundId) {} catch {}
    }

    function tripHub() external {
        if (hub.tripped()) return;
        uint256[] memory prices = new uint256[](4);
        for (uint256 i = 0; i < 4; i++) {
            prices[i] = 100e8;
        }
        vm.prank(reporters[0]);
        hub.report(prices);
        prices[0] = 300e8;
        vm.prank(reporters[1]);
        hub.report(prices);
        vm.prank(reporters[2]);
        hub.report(prices);
        try hub.closeRound() {} catch {}
    }

    function resetHub() external {
        if (!hub.tripped()) return;
        vm.prank(governance);
        hub.reset();
    }

    function deposit(uint256 which, uint256 amount) external {
        address account = submissions[bound(which, 0, submissions.length - 1)].account;
        amount = bound(amount, 1, 1e24);
        usdc.mint(account, amount);
        vm.startPrank(account);
        usdc.approve(address(vault), amount);
        vault.deposit(IERC20(address(usdc)), amount);
        vm.stopPrank();
    }

    function settle(uint256 which, uint256 loss) external {
        address account = submissions[bound(which, 0, submissions.length - 1)].account;
        vm.prank(operator);
        try lending.settleLiquidation(account, IERC20(address(usdc)), bound(loss, 0, 1e24), 0, ++lendingNonce[account]) {
            (bool open,,) = gate.liquidationOf(account);
            if (!open) _forbidden("a settlement outside a liquidation");
        } catch {
            lendingNonce[account]--;
        }
    }

    function wait(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 2 hours));
    }

    // ----------------------------------------------------------------- the rules, restated

    /// @dev Healthy: a live proof, not expired, no commitment changed since, no flagged price
    ///      lapse, or any lapse less than the grace period ago.
    function _healthy(address account) internal view returns (bool) {
        IMarginGate.Health memory h = gate.healthOf(account);
        if (h.expiry == 0) return true; // nothing to liquidate: it must be refused too
        uint256 lapse = h.expiry;
        (uint64 epoch, uint64 changedAt) = registry.epochOf(account);
        if (epoch != h.epoch && changedAt < lapse) lapse = changedAt;
        (uint64 nonce, uint48 flaggedAt) = gate.priceLapseOf(account);
        if (nonce == h.nonce && flaggedAt != 0 && flaggedAt < lapse) lapse = flaggedAt;
        return block.timestamp < lapse + GRACE;
    }

    function _forbidden(string memory what) internal {
        forbiddenSuccesses++;
        lastForbidden = what;
    }

    function windowCount() external view returns (uint256) {
        return windows.length;
    }
}

/// @notice Invariants of the gate's world under the handler's actors.
contract GateInvariantsTest is GateBase {
    GateHandler internal handler;

    function setUp() public override {
        super.setUp();
        postBatchStates(8);
        string memory alice = fixture("alice-maintenance");
        postStates(alice);
        closeRound(alice);
        submit(alice);
        IMarginGate.Submission[] memory batch = new IMarginGate.Submission[](8);
        for (uint256 i = 0; i < 8; i++) {
            batch[i] = submissionOf(batchFixture(i));
        }
        handler = new GateHandler(
            GateHandler.World(gate, registry, hub, vault, lending, perp, usdc, operator, governance),
            reporters,
            batch,
            fixture("alice-trade")
        );
        targetContract(address(handler));
    }

    function invariant_NothingForbiddenEverSucceeded() public view {
        assertEq(handler.forbiddenSuccesses(), 0, handler.lastForbidden());
    }

    function invariant_LiquidationsNeverExceedTheRateLimit() public view {
        for (uint256 i = 0; i < handler.windowCount(); i++) {
            assertLe(handler.liquidationsInWindow(handler.windows(i)), MAX_PER_WINDOW, "liquidations in one window");
        }
    }

    function invariant_AProofIsAcceptedAtMostOnce() public view {
        // Eight batch accounts with one proof each, Alice's trade proof: at most nine.
        assertLe(handler.acceptedProofs(), 8, "accepted batch proofs");
        assertLe(handler.leverageGrants(), 1, "leverage grants from one trade proof");
    }

    function invariant_TheVaultHoldsWhatItOwes() public view {
        assertGe(usdc.balanceOf(address(vault)), vault.owed(asToken()), "vault holdings");
    }
}
