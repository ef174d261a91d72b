// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

import {Vm} from "./Vm.sol";

/// @notice A relay committee's signatures as the registry's mirror takes them: 65-byte (r, s, v)
///         signatures of one digest, in ascending signer order.
library CommitteeSignatures {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Signatures of `digest` by `keys` (sorted in place by signer address).
    function signSorted(bytes32 digest, uint256[] memory keys) internal pure returns (bytes[] memory sigs) {
        uint256 n = keys.length;
        for (uint256 i = 1; i < n; i++) {
            for (uint256 j = i; j > 0 && vm.addr(keys[j - 1]) > vm.addr(keys[j]); j--) {
                (keys[j - 1], keys[j]) = (keys[j], keys[j - 1]);
            }
        }
        sigs = new bytes[](n);
        for (uint256 i = 0; i < n; i++) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[i], digest);
            sigs[i] = abi.encodePacked(r, s, v);
        }
    }
}
