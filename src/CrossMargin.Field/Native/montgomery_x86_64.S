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
#
# And F_p2 = F_p[u]/(u^2 + 1) on top of it (BN254's Fq2), elements as (c0[4], c1[4]), so that a
# product of the tower costs one call instead of three and its modular sums stay here:
# void cm_fp2_mul(const uint64_t a[8], const uint64_t b[8], const uint64_t params[5], uint64_t r[8]);
#   Karatsuba with lazy reduction: the three products v0 = a0 b0, v1 = a1 b1 and
#   s = (a0 + a1)(b0 + b1) are kept whole (512 bits, cm_local_mul_wide), and only
#   r0 = v0 - v1 and r1 = s - v0 - v1 = a0 b1 + a1 b0 are reduced (cm_local_redc): two Montgomery
#   reductions instead of three products' worth (Aranha, Karabina, Longa, Gebotys, Lopez, eprint 2010/526, section 3).
#   Both lie below p 2^256, as the reduction needs: r1 < 2p^2, and r0, in (-p^2, p^2), gets
#   p 2^256 added where it is negative. The sums a0 + a1, b0 + b1 stay unreduced (below 2^255).
#   12% faster than three Montgomery products on the machine this was written on.
# void cm_fp2_square(const uint64_t a[8], const uint64_t params[5], uint64_t r[8]);
#   r = (a0 + a1)(a0 - a1) + 2 a0 a1 u: two products, which lazy reduction would not make fewer.
# Both allow r to alias a or b (it is written last). The square's sums and differences are
# reduced below p at once; with p below 2^255 a sum of two such values fits in four limbs.

    .intel_syntax noprefix
    .text

# The local routines (cm_local_*) are named, not .L labels, so that a profile attributes their
# samples to them; they are not exported (no .globl) and keep their own register conventions.

# [dst] = t - p, or t where that borrows (t < p), for t in t0..t3 and r8 = params; s0..s3 are
# scratch. What every routine here ends with: a value below 2p brought below p.
    .macro STORE_REDUCED dst, t0, t1, t2, t3, s0, s1, s2, s3
    mov \s0, \t0
    sub \s0, qword ptr [r8]
    mov \s1, \t1
    sbb \s1, qword ptr [r8 + 8]
    mov \s2, \t2
    sbb \s2, qword ptr [r8 + 16]
    mov \s3, \t3
    sbb \s3, qword ptr [r8 + 24]
    cmovc \s0, \t0
    cmovc \s1, \t1
    cmovc \s2, \t2
    cmovc \s3, \t3
    mov qword ptr [\dst], \s0
    mov qword ptr [\dst + 8], \s1
    mov qword ptr [\dst + 16], \s2
    mov qword ptr [\dst + 24], \s3
    .endm

# One row of a product: r9..r13 = r9..r12 + [rdi] [rsi + off] (five limbs; r13's old value is
# not read), the low halves of the partial products along OF and the high halves along CF;
# r14, r15 and rdx are scratch, and rax ends 0.
    .macro ROW_MULADD off
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
    .endm

# Local routine: [rcx] = [rdi] [rsi] / 2^256 mod p for r8 = params. Keeps rdi, rsi, rcx, r8 and
# rbp; clobbers rax, rbx, rdx, r9-r15 (its callers save those the ABI wants kept).
# Registers: t0..t3 = r9..r12, A = r13, partial products r14 (low) and r15 (high), rax = 0
# (the zero to add a flag in with), rdx = the multiplier mulx takes implicitly.
    .p2align 4
    .type cm_local_mont_mul, @function
cm_local_mont_mul:
    xor r9d, r9d
    xor r10d, r10d
    xor r11d, r11d
    xor r12d, r12d
    .irp off, 0, 8, 16, 24
    # t += a * b[i]
    ROW_MULADD \off
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
    STORE_REDUCED rcx, r9, r10, r11, r12, r14, r15, rbx, rdx
    ret
    .size cm_local_mont_mul, .-cm_local_mont_mul

# Local routine: [rcx .. rcx + 56] = [rdi] [rsi], the whole 512-bit product, row by row as in
# cm_local_mont_mul but without the reduction; a limb is stored once no later row adds to it.
# Keeps rdi, rsi, rcx, r8; clobbers rax, rdx, r9-r15.
    .p2align 4
    .type cm_local_mul_wide, @function
cm_local_mul_wide:
    mov rdx, qword ptr [rsi]
    mulx r10, r9, qword ptr [rdi]
    mulx r11, r14, qword ptr [rdi + 8]
    add r10, r14
    mulx r12, r14, qword ptr [rdi + 16]
    adc r11, r14
    mulx r13, r14, qword ptr [rdi + 24]
    adc r12, r14
    adc r13, 0
    mov qword ptr [rcx], r9
    .irp off, 8, 16, 24
    mov r9, r10
    mov r10, r11
    mov r11, r12
    mov r12, r13
    ROW_MULADD \off
    mov qword ptr [rcx + \off], r9
    .endr
    mov qword ptr [rcx + 32], r10
    mov qword ptr [rcx + 40], r11
    mov qword ptr [rcx + 48], r12
    mov qword ptr [rcx + 56], r13
    ret
    .size cm_local_mul_wide, .-cm_local_mul_wide

# One round of cm_local_redc: m = t0 n0, then t0..t4 += m p (low halves along OF, high halves
# along CF) and both carries through the limbs above (rest); rsi and rbp hold the partial products.
    .macro REDC_ROUND t0, t1, t2, t3, t4, rest:vararg
    mov rdx, \t0
    imul rdx, qword ptr [r8 + 32]
    xor eax, eax
    mulx rbp, rsi, qword ptr [r8]
    adox \t0, rsi
    adcx \t1, rbp
    mulx rbp, rsi, qword ptr [r8 + 8]
    adox \t1, rsi
    adcx \t2, rbp
    mulx rbp, rsi, qword ptr [r8 + 16]
    adox \t2, rsi
    adcx \t3, rbp
    mulx rbp, rsi, qword ptr [r8 + 24]
    adox \t3, rsi
    adcx \t4, rbp
    adox \t4, rax
    .ifnb \rest
    .irp r, \rest
    adcx \r, rax
    adox \r, rax
    .endr
    .endif
    .endm

# Local routine: [rcx] = [rdi] / 2^256 mod p for eight limbs [rdi] below p 2^256 (Montgomery's
# REDC, a word at a time), reduced below p; r8 = params. Each round adds m p 2^(64 i) with
# m = t_i n0, which clears t_i, and carries both flag chains up to the top limb; the total stays
# below 2p 2^256, so nothing carries out of it, and the result (the top four limbs) is below 2p.
# Keeps rdi, rcx, r8; clobbers rax, rbx, rdx, rsi, rbp, r9-r15.
    .p2align 4
    .type cm_local_redc, @function
cm_local_redc:
    mov r9, qword ptr [rdi]
    mov r10, qword ptr [rdi + 8]
    mov r11, qword ptr [rdi + 16]
    mov r12, qword ptr [rdi + 24]
    mov r13, qword ptr [rdi + 32]
    mov r14, qword ptr [rdi + 40]
    mov r15, qword ptr [rdi + 48]
    mov rbx, qword ptr [rdi + 56]
    REDC_ROUND r9, r10, r11, r12, r13, r14, r15, rbx
    REDC_ROUND r10, r11, r12, r13, r14, r15, rbx
    REDC_ROUND r11, r12, r13, r14, r15, rbx
    REDC_ROUND r12, r13, r14, r15, rbx
    STORE_REDUCED rcx, r13, r14, r15, rbx, r9, r10, r11, r12
    ret
    .size cm_local_redc, .-cm_local_redc

    .macro SAVE
    push rbx
    push rbp
    push r12
    push r13
    push r14
    push r15
    .endm

    .macro RESTORE
    pop r15
    pop r14
    pop r13
    pop r12
    pop rbp
    pop rbx
    .endm

# r9..r12 = [x] + [y], four limbs (CF: the carry out).
    .macro SUM256 x, y
    mov r9, qword ptr [\x]
    mov r10, qword ptr [\x + 8]
    mov r11, qword ptr [\x + 16]
    mov r12, qword ptr [\x + 24]
    add r9, qword ptr [\y]
    adc r10, qword ptr [\y + 8]
    adc r11, qword ptr [\y + 16]
    adc r12, qword ptr [\y + 24]
    .endm

# [dst] = [x] + [y], four limbs, not reduced: for sums below 2^256 (of two values below 2^255).
    .macro ADD256 dst, x, y
    SUM256 \x, \y
    mov qword ptr [\dst], r9
    mov qword ptr [\dst + 8], r10
    mov qword ptr [\dst + 16], r11
    mov qword ptr [\dst + 24], r12
    .endm

# [dst] = [x] - [y], eight limbs; CF is the borrow out.
    .macro SUB512 dst, x, y
    mov rax, qword ptr [\x]
    sub rax, qword ptr [\y]
    mov qword ptr [\dst], rax
    .irp off, 8, 16, 24, 32, 40, 48, 56
    mov rax, qword ptr [\x + \off]
    sbb rax, qword ptr [\y + \off]
    mov qword ptr [\dst + \off], rax
    .endr
    .endm

# [dst] = [x] + [y] mod p (r8 = params): the sum, then the sum less p unless that borrows.
    .macro MODADD dst, x, y
    SUM256 \x, \y
    STORE_REDUCED \dst, r9, r10, r11, r12, r13, r14, r15, rbx
    .endm

# m0..m3 = p where rax is all ones, 0 where it is 0 (rax: a borrow spread by sbb rax, rax).
    .macro MASKED_P m0, m1, m2, m3
    mov \m0, qword ptr [r8]
    and \m0, rax
    mov \m1, qword ptr [r8 + 8]
    and \m1, rax
    mov \m2, qword ptr [r8 + 16]
    and \m2, rax
    mov \m3, qword ptr [r8 + 24]
    and \m3, rax
    .endm

# [dst] = [x] - [y] mod p: the difference, plus p where it borrowed.
    .macro MODSUB dst, x, y
    mov r9, qword ptr [\x]
    mov r10, qword ptr [\x + 8]
    mov r11, qword ptr [\x + 16]
    mov r12, qword ptr [\x + 24]
    sub r9, qword ptr [\y]
    sbb r10, qword ptr [\y + 8]
    sbb r11, qword ptr [\y + 16]
    sbb r12, qword ptr [\y + 24]
    sbb rax, rax
    MASKED_P r13, r14, r15, rbx
    add r9, r13
    adc r10, r14
    adc r11, r15
    adc r12, rbx
    mov qword ptr [\dst], r9
    mov qword ptr [\dst + 8], r10
    mov qword ptr [\dst + 16], r11
    mov qword ptr [\dst + 24], r12
    .endm

    .globl cm_montgomery_mul4
    .type cm_montgomery_mul4, @function
cm_montgomery_mul4:
    SAVE
    mov r8, rdx
    call cm_local_mont_mul
    RESTORE
    ret
    .size cm_montgomery_mul4, .-cm_montgomery_mul4

# Frame of cm_fp2_mul: a, b, r at rsp + 0, 8, 16; a0 + a1 at +32, b0 + b1 at +64; the 512-bit
# products v0 = a0 b0 at +96, v1 = a1 b1 at +160, s = (a0 + a1)(b0 + b1) at +224.
    .globl cm_fp2_mul
    .type cm_fp2_mul, @function
cm_fp2_mul:
    SAVE
    sub rsp, 296
    mov r8, rdx
    mov qword ptr [rsp], rdi
    mov qword ptr [rsp + 8], rsi
    mov qword ptr [rsp + 16], rcx
    # a0 + a1 and b0 + b1, not reduced: each below 2p < 2^255.
    lea rbp, [rdi + 32]
    ADD256 rsp + 32, rdi, rbp
    lea rbp, [rsi + 32]
    ADD256 rsp + 64, rsi, rbp
    lea rcx, [rsp + 96]
    call cm_local_mul_wide                 # v0 = a0 b0
    add rdi, 32
    add rsi, 32
    lea rcx, [rsp + 160]
    call cm_local_mul_wide                 # v1 = a1 b1
    lea rdi, [rsp + 32]
    lea rsi, [rsp + 64]
    lea rcx, [rsp + 224]
    call cm_local_mul_wide                 # s = (a0 + a1)(b0 + b1)
    # s -= v0 + v1: a0 b1 + a1 b0, below 2p^2 < p 2^256.
    SUB512 rsp + 224, rsp + 224, rsp + 96
    SUB512 rsp + 224, rsp + 224, rsp + 160
    # v0 -= v1, and where that borrows add p 2^256 (p to the top half): a0 b0 - a1 b1 + (0 or p 2^256), in [0, p 2^256).
    SUB512 rsp + 96, rsp + 96, rsp + 160
    sbb rax, rax
    MASKED_P r9, r10, r11, r12
    add qword ptr [rsp + 128], r9
    adc qword ptr [rsp + 136], r10
    adc qword ptr [rsp + 144], r11
    adc qword ptr [rsp + 152], r12
    lea rdi, [rsp + 96]
    mov rcx, qword ptr [rsp + 16]
    call cm_local_redc                     # r0
    lea rdi, [rsp + 224]
    mov rcx, qword ptr [rsp + 16]
    add rcx, 32
    call cm_local_redc                     # r1
    add rsp, 296
    RESTORE
    ret
    .size cm_fp2_mul, .-cm_fp2_mul

# Frame of cm_fp2_square: a, r at rsp + 0, 8; a0 + a1 at +32, a0 - a1 at +64, a0 a1 at +96.
    .globl cm_fp2_square
    .type cm_fp2_square, @function
cm_fp2_square:
    SAVE
    sub rsp, 136
    mov r8, rsi
    mov qword ptr [rsp], rdi
    mov qword ptr [rsp + 8], rdx
    lea rbp, [rdi + 32]
    MODADD rsp + 32, rdi, rbp
    MODSUB rsp + 64, rdi, rbp
    mov rsi, rbp
    lea rcx, [rsp + 96]
    call cm_local_mont_mul
    lea rdi, [rsp + 32]
    lea rsi, [rsp + 64]
    mov rcx, qword ptr [rsp + 8]
    call cm_local_mont_mul
    add rcx, 32
    MODADD rcx, rsp + 96, rsp + 96
    add rsp, 136
    RESTORE
    ret
    .size cm_fp2_square, .-cm_fp2_square


    .section .note.GNU-stack,"",@progbits
