// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @notice The forge cheatcodes these tests use (a subset of forge-std's Vm, which npm does
///         not serve in a current version). Signatures as forge 1.x defines them.
interface Vm {
    function projectRoot() external view returns (string memory);
    function readFile(string calldata path) external view returns (string memory);
    function parseJsonString(string calldata json, string calldata key) external pure returns (string memory);
    function keyExistsJson(string calldata json, string calldata key) external view returns (bool);
    function parseJsonUint(string calldata json, string calldata key) external pure returns (uint256);
    function parseBytes(string calldata value) external pure returns (bytes memory);
    function toString(uint256 value) external pure returns (string memory);
    function toString(bytes calldata value) external pure returns (string memory);
    function expectRevert(bytes calldata revertData) external;
}

/// @notice Base for the suite: the cheatcode handle and assertions that name what differed.
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    bool public IS_TEST = true;

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert(what);
    }

    function assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) {
            revert(string.concat(what, ": got ", _dec(actual), ", expected ", _dec(expected)));
        }
    }

    function assertEq(bytes memory actual, bytes memory expected, string memory what) internal pure {
        if (keccak256(actual) != keccak256(expected)) {
            revert(string.concat(what, ": got 0x", _hex(actual), ", expected 0x", _hex(expected)));
        }
    }

    function _dec(uint256 v) private pure returns (string memory) {
        if (v == 0) return "0";
        bytes memory s;
        for (; v != 0; v /= 10) s = abi.encodePacked(bytes1(uint8(48 + (v % 10))), s);
        return string(s);
    }

    function _hex(bytes memory b) private pure returns (string memory) {
        bytes memory digits = "0123456789abcdef";
        bytes memory s = new bytes(b.length * 2);
        for (uint256 i = 0; i < b.length; i++) {
            s[2 * i] = digits[uint8(b[i]) >> 4];
            s[2 * i + 1] = digits[uint8(b[i]) & 15];
        }
        return string(s);
    }
}
