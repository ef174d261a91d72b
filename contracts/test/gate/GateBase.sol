// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {TestBase} from "../utils/Vm.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CollateralRegistry} from "../../src/CollateralRegistry.sol";
import {RiskParameters} from "../../src/interfaces/ICollateralRegistry.sol";
import {OracleHub} from "../../src/OracleHub.sol";
import {MarginGate} from "../../src/MarginGate.sol";
import {CollateralVault} from "../../src/CollateralVault.sol";
import {LendingVenue} from "../../src/venues/LendingVenue.sol";
import {PerpVenue} from "../../src/venues/PerpVenue.sol";
import {IGroth16Verifier} from "../../src/interfaces/IGroth16Verifier.sol";
import {IMarginGate} from "../../src/interfaces/IMarginGate.sol";
import {SolvencySmallVerifier} from "../../src/generated/SolvencySmallVerifier.sol";

/// @notice A test token for the vault (6 decimals like USDC); anyone may mint.
contract TestToken is ERC20("Test USD Coin", "tUSDC") {
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @notice The whole system of the small solvency circuit (V = 2 slots, A = 2 assets, U = 2
///         underlyings, G = 4 grid points) and the real proofs the build made for it
///         (artifacts/contracts/gate/, tests/CrossMargin.Contracts.Fixtures/GateFixtures.cs).
/// @dev Proofs name their gate: the gate's code is deployed at the address the fixtures were
///      proved for (its constructor run there, as forge-std's deployCodeTo does). Slot 0 is the
///      lending venue's, slot 1 the perp venue's: the lending venue posts first.
abstract contract GateBase is TestBase {
    uint256 internal constant V = 2;
    uint256 internal constant A = 2;
    uint256 internal constant U = 2;
    uint256 internal constant G = 4;

    uint64 internal constant PARAMETER_DELAY = 1 days;
    uint256 internal constant PROOF_VALIDITY = 1 hours;
    uint256 internal constant MAX_ROUND_AGE = 2 hours;
    uint256 internal constant GRACE = 15 minutes;
    uint256 internal constant PRICE_BAND = 100_000; // 10%
    uint256 internal constant WINDOW = 1 hours;
    uint256 internal constant MAX_PER_WINDOW = 3;
    uint256 internal constant BONUS = 50_000; // 5% of the settled loss

    address internal governance = address(0x60f);
    address internal operator = address(0x0be7);
    address internal keeper = address(0x4ee9e7);
    address internal liquidator = address(0x11a1d);
    address[3] internal reporters = [address(0x7e01), address(0x7e02), address(0x7e03)];

    CollateralRegistry internal registry;
    OracleHub internal hub;
    IGroth16Verifier internal verifier;
    MarginGate internal gate;
    CollateralVault internal vault;
    LendingVenue internal lending;
    PerpVenue internal perp;
    TestToken internal usdc;

    /// @dev The time the suites start at: after the parameter timelock, far from 0.
    uint256 internal t0;

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        string memory first = fixture("alice-maintenance");
        verifier = IGroth16Verifier(address(new SolvencySmallVerifier()));
        registry = new CollateralRegistry(V, A, U, G, governance, PARAMETER_DELAY);
        hub = new OracleHub(A, U, governance, hubConfig());
        gate = deployGateAt(vm.parseJsonAddress(first, ".gate"));
        vault = new CollateralVault(gate, registry, BONUS);
        lending = new LendingVenue(registry, gate, vault, operator);
        perp = new PerpVenue(registry, gate, vault, operator);
        usdc = new TestToken();

        vm.startPrank(governance);
        registry.grantRole(registry.GATE_ROLE(), address(gate));
        registry.admitLocalVenue(address(lending));
        registry.admitLocalVenue(address(perp));
        for (uint256 i = 0; i < reporters.length; i++) {
            hub.grantRole(hub.REPORTER_ROLE(), reporters[i]);
        }
        registry.proposeParameters(parametersOf(first));
        vm.stopPrank();
        vm.warp(block.timestamp + PARAMETER_DELAY);
        registry.activateParameters();
        assertEq(registry.parameterHash(), vm.parseJsonUint(first, ".parameters.hash"), "on-chain parameter hash vs C#");
        t0 = block.timestamp;
    }

    // ------------------------------------------------------------------ fixtures

    function fixture(string memory name) internal view returns (string memory) {
        return vm.readFile(string.concat(vm.projectRoot(), "/../artifacts/contracts/gate/", name, ".json"));
    }

    function proofOf(string memory json) internal pure returns (uint256[8] memory proof) {
        uint256[] memory words = vm.parseJsonUintArray(json, ".proof");
        for (uint256 i = 0; i < 8; i++) {
            proof[i] = words[i];
        }
    }

    function accountOf(string memory json) internal pure returns (address) {
        return vm.parseJsonAddress(json, ".account");
    }

    function nonceOf(string memory json) internal pure returns (uint64) {
        return uint64(vm.parseJsonUint(json, ".nonce"));
    }

    function levelOf(string memory json) internal pure returns (uint8) {
        return uint8(vm.parseJsonUint(json, ".level"));
    }

    function roundOf(string memory json) internal pure returns (uint64) {
        return uint64(vm.parseJsonUint(json, ".roundId"));
    }

    function tauOf(string memory json) internal pure returns (uint32) {
        return uint32(vm.parseJsonUint(json, ".tau"));
    }

    function commitmentOf(string memory json, uint256 slot) internal pure returns (uint256) {
        return vm.parseJsonUint(json, string.concat(".venues[", vm.toString(slot), "].commitment"));
    }

    function stateNonceOf(string memory json, uint256 slot) internal pure returns (uint64) {
        return uint64(vm.parseJsonUint(json, string.concat(".venues[", vm.toString(slot), "].stateNonce")));
    }

    function venueCountOf(string memory json) internal view returns (uint256 n) {
        while (vm.keyExistsJson(json, string.concat(".venues[", vm.toString(n), "]"))) n++;
    }

    function parametersOf(string memory json) internal pure returns (RiskParameters memory p) {
        p.haircut = vm.parseJsonUintArray(json, ".parameters.haircut");
        p.debtWeight = vm.parseJsonUintArray(json, ".parameters.debtWeight");
        p.shock = vm.parseJsonUintArray(json, ".parameters.shock");
        p.volMove = vm.parseJsonUintArray(json, ".parameters.volMove");
        p.latencyVol = vm.parseJsonUintArray(json, ".parameters.latencyVol");
        p.grid = vm.parseJsonUintArray(json, ".parameters.grid");
        int256[] memory rho = vm.parseJsonIntArray(json, ".parameters.correlation");
        p.correlation = new int256[][](U);
        for (uint256 u = 0; u < U; u++) {
            p.correlation[u] = new int256[](U);
            for (uint256 w = 0; w < U; w++) {
                p.correlation[u][w] = rho[u * U + w];
            }
        }
        uint256[] memory k = vm.parseJsonUintArray(json, ".parameters.levelMultiplier");
        uint256[] memory floor = vm.parseJsonUintArray(json, ".parameters.levelFloor");
        p.levelMultiplier = [k[0], k[1]];
        p.levelFloor = [floor[0], floor[1]];
    }

    // ------------------------------------------------------------------ chain state

    function hubConfig() internal pure returns (OracleHub.Config memory c) {
        c.heartbeat = 1 hours;
        c.minReports = 2;
        c.minPrice = new uint256[](A + U);
        c.maxPrice = new uint256[](A + U);
        for (uint256 f = 0; f < A + U; f++) {
            c.minPrice[f] = 1;
            c.maxPrice[f] = 2 ** 56 - 1;
        }
        c.maxDeviation = 10_000; // 1%
        c.maxJump = 500_000; // 50%
        c.jumpWindow = 1 hours;
    }

    function gateConfig() internal pure returns (MarginGate.Config memory) {
        return MarginGate.Config({
            proofValidity: PROOF_VALIDITY,
            maxRoundAge: MAX_ROUND_AGE,
            gracePeriod: GRACE,
            priceBand: PRICE_BAND,
            liquidationWindow: WINDOW,
            maxLiquidationsPerWindow: MAX_PER_WINDOW
        });
    }

    /// @dev The gate's constructor run at `target` and its runtime code left there.
    function deployGateAt(address target) internal returns (MarginGate) {
        bytes memory init = abi.encodePacked(type(MarginGate).creationCode, abi.encode(registry, hub, verifier, gateConfig()));
        vm.etch(target, init);
        (bool ok, bytes memory runtime) = target.call("");
        assertTrue(ok, "the gate's constructor reverted");
        vm.etch(target, runtime);
        return MarginGate(target);
    }

    /// @notice Every reporter reports `json`'s round prices (".round" of a fixture) and the round
    ///         closes; its digest must be the one the C# engine computed.
    function closeRound(string memory json) internal returns (uint64 id) {
        uint256[] memory assets = vm.parseJsonUintArray(json, ".round.assetPrices");
        uint256[] memory underlyings = vm.parseJsonUintArray(json, ".round.underlyingPrices");
        uint256[] memory prices = new uint256[](A + U);
        for (uint256 i = 0; i < A; i++) {
            prices[i] = assets[i];
        }
        for (uint256 i = 0; i < U; i++) {
            prices[A + i] = underlyings[i];
        }
        for (uint256 i = 0; i < reporters.length; i++) {
            vm.prank(reporters[i]);
            hub.report(prices);
        }
        id = hub.closeRound();
        assertEq(id, vm.parseJsonUint(json, ".round.id"), "round id");
        (uint256 digest,) = hub.roundOf(id);
        assertEq(digest, vm.parseJsonUint(json, ".round.digest"), "on-chain oracle digest vs C#");
    }

    /// @notice The venues post the fixture's states for its account: the lending venue first
    ///         (slot 0), then the perp venue (slot 1) when the fixture has one.
    function postStates(string memory json) internal {
        address account = accountOf(json);
        uint256 venues = venueCountOf(json);
        vm.startPrank(operator);
        lending.post(account, commitmentOf(json, 0), stateNonceOf(json, 0));
        if (venues > 1) perp.post(account, commitmentOf(json, 1), stateNonceOf(json, 1));
        vm.stopPrank();
    }

    function submit(string memory json) internal returns (bool) {
        return gate.submitProof(accountOf(json), nonceOf(json), levelOf(json), roundOf(json), tauOf(json), proofOf(json));
    }

    /// @notice Alice's states posted, round 1 closed, her maintenance proof accepted.
    function aliceHealthy() internal returns (string memory json) {
        json = fixture("alice-maintenance");
        postStates(json);
        closeRound(json);
        vm.warp(block.timestamp + 60);
        assertTrue(submit(json), "alice's maintenance proof was not recorded");
    }

    /// @notice The perp venue grants Alice leverage with the fixture's post-trade state.
    function openTrade(string memory json) internal {
        vm.prank(operator);
        perp.openPosition(
            accountOf(json), commitmentOf(json, 1), stateNonceOf(json, 1), nonceOf(json), roundOf(json), tauOf(json), proofOf(json)
        );
    }

    /// @notice Reporters disagree far beyond the deviation bound: the hub trips.
    function trip() internal {
        uint256[] memory prices = new uint256[](A + U);
        for (uint256 i = 0; i < prices.length; i++) {
            prices[i] = 100e8;
        }
        vm.warp(block.timestamp + 1);
        vm.prank(reporters[0]);
        hub.report(prices);
        prices[0] = 200e8;
        vm.prank(reporters[1]);
        hub.report(prices);
        vm.prank(reporters[2]);
        hub.report(prices);
        hub.closeRound();
        assertTrue(hub.tripped(), "the hub should have tripped");
    }

    /// @notice Every batch account's lending state posted (its only venue).
    function postBatchStates(uint256 count) internal {
        vm.startPrank(operator);
        for (uint256 i = 0; i < count; i++) {
            string memory json = batchFixture(i);
            lending.post(accountOf(json), commitmentOf(json, 0), stateNonceOf(json, 0));
        }
        vm.stopPrank();
    }

    function batchFixture(uint256 i) internal view returns (string memory) {
        return fixture(string.concat("batch-", i < 10 ? "0" : "", vm.toString(i)));
    }

    function submissionOf(string memory json) internal pure returns (IMarginGate.Submission memory) {
        return IMarginGate.Submission(accountOf(json), nonceOf(json), levelOf(json), roundOf(json), tauOf(json), proofOf(json));
    }

    /// @notice `account` deposits `amount` of the test token into the vault (minted for it).
    function deposit(address account, uint256 amount) internal {
        usdc.mint(account, amount);
        vm.startPrank(account);
        usdc.approve(address(vault), amount);
        vault.deposit(asToken(), amount);
        vm.stopPrank();
    }

    function asToken() internal view returns (IERC20) {
        return IERC20(address(usdc));
    }

    function healthOf(address account) internal view returns (IMarginGate.Health memory) {
        return gate.healthOf(account);
    }
}
