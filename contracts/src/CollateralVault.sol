// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ICollateralRegistry} from "./interfaces/ICollateralRegistry.sol";
import {IMarginGate} from "./interfaces/IMarginGate.sol";
import {ErrorsLib} from "./libraries/ErrorsLib.sol";
import {EventsLib} from "./libraries/EventsLib.sol";

/// @title CollateralVault
/// @notice The trader deposits ERC-20 collateral once; venues draw on it under the gate's
///         authority. Balances are public (token movements are), how they back positions on
///         which venue stays private: collateral credited on one venue backs leverage on
///         another because the solvency proof covers both.
/// @dev Two ways out, both for admitted venues only:
///      - release: against an initial-margin grant the gate recorded for the same venue in the
///        same block (the venue posted its post-withdrawal state and a proof covered it), once
///        per grant;
///      - settleLiquidation: while the gate holds the account in an open liquidation, the loss
///        to the venue plus the liquidator's bonus of BONUS * loss (10^-6), capped by the
///        account's balance.
///      Invariant: for every token, token.balanceOf(vault) >= owed[token] = sum of balances.
contract CollateralVault is ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint256 internal constant RATIO_ONE = 1e6;

    IMarginGate public immutable GATE;
    ICollateralRegistry public immutable REGISTRY;
    /// @notice The liquidator's bonus as a ratio of the settled loss (10^-6).
    uint256 public immutable BONUS;

    mapping(address account => mapping(IERC20 token => uint256)) public balanceOf;
    mapping(IERC20 token => uint256) public owed;
    /// @dev The last grant nonce a release consumed, plus one (0: none).
    mapping(address account => uint64) internal _releasedGrant;

    constructor(IMarginGate gate, ICollateralRegistry registry, uint256 bonus) {
        if (address(gate) == address(0) || address(registry) == address(0)) revert ErrorsLib.ZeroAddress();
        GATE = gate;
        REGISTRY = registry;
        BONUS = bonus;
    }

    /// @notice Credits `amount` of `token` to the caller. Credits what arrived, so a token that
    ///         takes a fee on transfer cannot leave the vault owing more than it holds.
    function deposit(IERC20 token, uint256 amount) external nonReentrant {
        if (amount == 0) revert ErrorsLib.ZeroAmount();
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        balanceOf[msg.sender][token] += received;
        owed[token] += received;
        emit EventsLib.Deposited(msg.sender, address(token), received);
    }

    /// @notice Pays `amount` of the account's `token` to `to`, for the venue the gate just
    ///         granted initial margin to over its post-release state.
    function release(address account, IERC20 token, uint256 amount, address to) external nonReentrant {
        if (!REGISTRY.isVenue(msg.sender)) revert ErrorsLib.NotAVenue(msg.sender);
        if (to == address(0)) revert ErrorsLib.ZeroAddress();
        (address venue, uint64 blockNumber, uint64 nonce) = GATE.lastGrantOf(account);
        if (venue != msg.sender || blockNumber != block.number || _releasedGrant[account] == nonce + 1) {
            revert ErrorsLib.NoGrant(account, msg.sender);
        }
        _releasedGrant[account] = nonce + 1;
        _debit(account, token, amount);
        token.safeTransfer(to, amount);
        emit EventsLib.Released(account, address(token), msg.sender, to, amount);
    }

    /// @notice Pays an admitted venue the `loss` it closed a liquidated account's side at, and the
    ///         liquidator BONUS * loss, out of the account's `token`, both capped by its balance
    ///         (the loss first).
    function settleLiquidation(address account, IERC20 token, uint256 loss) external nonReentrant {
        if (!REGISTRY.isVenue(msg.sender)) revert ErrorsLib.NotAVenue(msg.sender);
        (bool open, address liquidator,) = GATE.liquidationOf(account);
        if (!open) revert ErrorsLib.NotInLiquidation(account);
        uint256 available = balanceOf[account][token];
        uint256 paid = loss < available ? loss : available;
        uint256 bonus = paid * BONUS / RATIO_ONE;
        if (bonus > available - paid) bonus = available - paid;
        _debit(account, token, paid + bonus);
        if (paid != 0) token.safeTransfer(msg.sender, paid);
        if (bonus != 0) token.safeTransfer(liquidator, bonus);
        emit EventsLib.LiquidationSettled(account, address(token), msg.sender, paid, liquidator, bonus);
    }

    function _debit(address account, IERC20 token, uint256 amount) internal {
        uint256 available = balanceOf[account][token];
        if (amount > available) revert ErrorsLib.InsufficientBalance(account, address(token), available, amount);
        balanceOf[account][token] = available - amount;
        owed[token] -= amount;
    }
}
