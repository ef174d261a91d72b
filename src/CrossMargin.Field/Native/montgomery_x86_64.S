# Montgomery multiplication of four-limb field elements on x86-64 with BMI2 (mulx) and ADX
# (adcx, adox): the native twin of Montgomery256.Mul (Montgomery256.cs), which stays the
# reference and the fallback. Built by CrossMargin.Field.csproj with the machine's C compiler
# driver when it has one; loaded by NativeKernel.cs only on a processor with BMI2 and ADX.
#
# Why assembly: the product is latency-bound in the pairing's tower arithmetic, and the .NET JIT
# has no add-with-carry, so C#'s carries go through compares and setb (about 47 ns a product on
# the machines this was written on, against 31 ns here including the call, 19 ns when products
# are independent). C with unsigned __int128 or the _addcarry_u64 intrinsics compiled no better
# than 38 ns with gcc 12. The two carry chains of adcx (CF) and adox (OF) let the low and high
# halves of each row of partial products be added in one pass.
#
# Algorithm: CIOS, Koc, Acar and Kaliski, "Analyzing and comparing Montgomery multiplication
# algorithms", IEEE Micro 1996, with the "no carry" shortcut of the gnark-crypto field
# generator (the top limb of p below 2^63 - 1, so the running value t stays below 2p < 2^256
# and each round's top word never overflows). Per limb b[i] of b:
#   t += a * b[i]             (five words: t0..t3 and A)
#   m  = t0 * n0 mod 2^64     (n0 = -p^-1 mod 2^64, so t + m p = 0 mod 2^64)
#   t  = (t + m p) / 2^64
# then one conditional subtraction of p. Inputs below p give the canonical product below p.
#
# void cm_montgomery_mul4(const uint64_t a[4], const uint64_t b[4],
#                         const uint64_t params[5] /* p0..p3, n0 */, uint64_t r[4]);
# System V: rdi = a, rsi = b, rdx = params, rcx = r. r may alias a or b (it is written last).
# Registers: t0..t3 = r9..r12, A = r13, partial products r14 (low) and r15 (high), rax = 0
# (the zero to add a flag in with), rdx = the multiplier mulx takes implicitly, r8 = params.

    .intel_syntax noprefix
    .text
    .globl cm_montgomery_mul4
    .type cm_montgomery_mul4, @function
cm_montgomery_mul4:
    push rbx
    push r12
    push r13
    push r14
    push r15
    mov r8, rdx
    xor r9d, r9d
    xor r10d, r10d
    xor r11d, r11d
    xor r12d, r12d
    .irp off, 0, 8, 16, 24
    # t += a * b[i]: the low halves along OF, the high halves along CF.
    mov rdx, qword ptr [rsi + \off]
    xor eax, eax
    mulx r15, r14, qword ptr [rdi]
    adox r9, r14
    adcx r10, r15
    mulx r15, r14, qword ptr [rdi + 8]
    adox r10, r14
    adcx r11, r15
    mulx r15, r14, qword ptr [rdi + 16]
    adox r11, r14
    adcx r12, r15
    mulx r13, r14, qword ptr [rdi + 24]
    adox r12, r14
    adcx r13, rax
    adox r13, rax
    # m = t0 n0; t = (t + m p) / 2^64: word j of the new t is t[j + 1] + lo(m p[j + 1]) + hi(m p[j]).
    mov rdx, r9
    imul rdx, qword ptr [r8 + 32]
    xor eax, eax
    mulx r15, r14, qword ptr [r8]
    adcx r14, r9
    mov r9, r15
    mulx r15, r14, qword ptr [r8 + 8]
    adcx r9, r10
    adox r9, r14
    mov r10, r15
    mulx r15, r14, qword ptr [r8 + 16]
    adcx r10, r11
    adox r10, r14
    mov r11, r15
    mulx r15, r14, qword ptr [r8 + 24]
    adcx r11, r12
    adox r11, r14
    mov r12, r15
    adcx r12, r13
    adox r12, rax
    .endr
    # r = t - p, or t where that borrows (t < p).
    mov r14, r9
    sub r14, qword ptr [r8]
    mov r15, r10
    sbb r15, qword ptr [r8 + 8]
    mov rbx, r11
    sbb rbx, qword ptr [r8 + 16]
    mov rdx, r12
    sbb rdx, qword ptr [r8 + 24]
    cmovc r14, r9
    cmovc r15, r10
    cmovc rbx, r11
    cmovc rdx, r12
    mov qword ptr [rcx], r14
    mov qword ptr [rcx + 8], r15
    mov qword ptr [rcx + 16], rbx
    mov qword ptr [rcx + 24], rdx
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbx
    ret
    .size cm_montgomery_mul4, .-cm_montgomery_mul4

    .section .note.GNU-stack,"",@progbits
