// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {GateBase} from "./GateBase.sol";

/// @notice Every contract of the system can be deployed on a chain that enforces EIP-170: forge
///         does not enforce the limit, so a contract that grows past it would pass every other
///         test here and fail only on a real chain.
contract DeployabilityTest is GateBase {
    uint256 internal constant EIP170_LIMIT = 24_576;

    function test_EveryContract_FitsTheEip170RuntimeLimit() public view {
        address[8] memory deployed = [
            address(registry),
            address(registry.PARAMETER_CHECK()),
            address(hub),
            address(gate),
            address(vault),
            address(lending),
            address(perp),
            address(verifier)
        ];
        for (uint256 i = 0; i < deployed.length; ++i) {
            assertTrue(deployed[i].code.length > 0, "not deployed");
            assertLe(deployed[i].code.length, EIP170_LIMIT, "runtime code over the EIP-170 limit");
        }
    }
}
