// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.28;

/// @notice The forge cheatcodes these tests use (a subset of forge-std's Vm, which npm does
///         not serve in a current version). Signatures as forge 1.x defines them.
interface Vm {
    // Files and JSON (fixtures made by the build, public vectors).
    function projectRoot() external view returns (string memory);
    function readFile(string calldata path) external view returns (string memory);
    function parseJsonString(string calldata json, string calldata key) external pure returns (string memory);
    function keyExistsJson(string calldata json, string calldata key) external view returns (bool);
    function parseJsonUint(string calldata json, string calldata key) external pure returns (uint256);
    function parseJsonUintArray(string calldata json, string calldata key) external pure returns (uint256[] memory);
    function parseJsonAddress(string calldata json, string calldata key) external pure returns (address);
    function parseJsonBool(string calldata json, string calldata key) external pure returns (bool);
    function parseBytes(string calldata value) external pure returns (bytes memory);
    function toString(uint256 value) external pure returns (string memory);
    function toString(address value) external pure returns (string memory);
    function toString(bytes calldata value) external pure returns (string memory);

    // Callers, time, balances.
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function chainId(uint256 id) external;
    function etch(address target, bytes calldata newRuntimeBytecode) external;
    function parseJsonIntArray(string calldata json, string calldata key) external pure returns (int256[] memory);

    // Keys and signatures (relay committees).
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    // Expectations.
    function expectRevert() external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData) external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;
    function expectEmit() external;
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);

    // Fuzzing and gas.
    function assume(bool condition) external pure;
    function snapshotGasLastCall(string calldata name) external returns (uint256 gasUsed);
    function snapshotValue(string calldata name, uint256 value) external;
    function lastCallGas() external view returns (Gas memory gas);
    /// @dev Marks the account's storage cold again, as in a new transaction (for gas figures).
    function cool(address target) external;

    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    struct Gas {
        uint64 gasLimit;
        uint64 gasTotalUsed;
        uint64 gasMemoryUsed;
        int64 gasRefunded;
        uint64 gasRemaining;
    }
}

/// @notice Base for the suite: the cheatcode handle, assertions that name what differed,
///         bound() for fuzzing, and the target lists forge's invariant runner asks a test for
///         (the hooks forge-std's StdInvariant provides).
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    bool public IS_TEST = true;

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert(what);
    }

    function assertFalse(bool condition, string memory what) internal pure {
        if (condition) revert(what);
    }

    function assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) {
            revert(string.concat(what, ": got ", _dec(actual), ", expected ", _dec(expected)));
        }
    }

    function assertEq(address actual, address expected, string memory what) internal pure {
        if (actual != expected) {
            revert(string.concat(what, ": got ", _hex(abi.encodePacked(actual)), ", expected ", _hex(abi.encodePacked(expected))));
        }
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory what) internal pure {
        if (actual != expected) {
            revert(string.concat(what, ": got 0x", _hex(abi.encodePacked(actual)), ", expected 0x", _hex(abi.encodePacked(expected))));
        }
    }

    function assertEq(bytes memory actual, bytes memory expected, string memory what) internal pure {
        if (keccak256(actual) != keccak256(expected)) {
            revert(string.concat(what, ": got 0x", _hex(actual), ", expected 0x", _hex(expected)));
        }
    }

    function assertLe(uint256 actual, uint256 bound_, string memory what) internal pure {
        if (actual > bound_) revert(string.concat(what, ": ", _dec(actual), " > ", _dec(bound_)));
    }

    function assertGe(uint256 actual, uint256 bound_, string memory what) internal pure {
        if (actual < bound_) revert(string.concat(what, ": ", _dec(actual), " < ", _dec(bound_)));
    }

    /// @notice x mapped into [min, max] (both inclusive), uniformly for a uniform x, and x itself
    ///         when it already lies there (so the fuzzer's edge values survive).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    // Invariant targeting (read by forge's invariant runner; empty means "everything").
    address[] private _targetContracts;

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function _dec(uint256 v) internal pure returns (string memory) {
        if (v == 0) return "0";
        bytes memory s;
        for (; v != 0; v /= 10) s = abi.encodePacked(bytes1(uint8(48 + (v % 10))), s);
        return string(s);
    }

    function _hex(bytes memory b) internal pure returns (string memory) {
        bytes memory digits = "0123456789abcdef";
        bytes memory s = new bytes(b.length * 2);
        for (uint256 i = 0; i < b.length; i++) {
            s[2 * i] = digits[uint8(b[i]) >> 4];
            s[2 * i + 1] = digits[uint8(b[i]) & 15];
        }
        return string(s);
    }
}
