/*
 * Eight F_p products at once on AVX-512 IFMA (vpmadd52luq, vpmadd52huq): span products, the NTT's
 * butterflies and the MSM's batch-affine point additions (affine_batch_ifma.inc, with the loops
 * that stage a window's digits into batches and run a weighted sum's steps), the native twins of
 * Montgomery256.MulMany, of NttKernels' runs and blocks (CrossMargin.Poly) and of
 * WideAffineBatch and AffineBuckets (CrossMargin.Curves), which stay the reference and the fallback. NativeKernel
 * hands out these entry points only where CPUID reports AVX512F and AVX512_IFMA and the runtime
 * reports AVX-512 usable; each function carries its own target attribute, so the rest of the
 * library stays baseline x86-64 and loads on any machine.
 *
 * Representation. Inside a call, eight elements lie limb by limb in five 512-bit registers
 * (fp8): limb i of lane k is bits 52i .. 52i + 51 of element k, each limb below 2^52 (IFMA reads
 * the low 52 bits of its factors and nothing else). The field is any whose modulus is below
 * 2^254 (BN254's Fq and Fr), with the four-limb kernel's parameter block (p0..p3, n0).
 *
 * The Montgomery radix is the four-limb kernel's, R = 2^256, not 2^260: the product runs four
 * reduction rounds of 52 bits and a last one of 48 (4 * 52 + 48 = 256), so an element's bits in
 * memory and in the lanes are the same number and the conversions at a batch's edges are shifts
 * and masks, with no product by a radix-changing constant. The rounds are the operand-scanning
 * Montgomery product in radix 2^52 of Drucker and Gueron, "Fast modular squaring with AVX512IFMA"
 * (ITNG 2019), as OpenSSL's rsaz-avx512 also lays it out: each round adds a b_i and m_i p into
 * 64-bit accumulators, and carries only at the round's shift.
 *
 * Bounds. The product is (a b + m p) / 2^256 < a b / 2^256 + p, below 2p for a, b < 2p when p <
 * 2^254 (fp8_mul_lazy), so chains of products run unreduced and one conditional subtraction makes
 * a product canonical. Sums and differences take canonical elements and give canonical ones,
 * except fp8_sub_lazy, whose result in [1, 2p) only products read. Every function of this file
 * takes and gives canonical elements at its edges: the results are bit for bit the four-limb
 * kernel's.
 */
#include "field_x86_64.h"
#include <immintrin.h>

#define IFMA_TARGET __attribute__((target("avx512f,avx512ifma")))
#define IFMA_INLINE static inline __attribute__((always_inline, target("avx512f,avx512ifma")))

typedef struct { __m512i l[5]; } fp8;

/*
 * The modulus broadcast to every lane: p's five 52-bit limbs, n0 = -p^-1 mod 2^52, masks, and p^2
 * as ten limbs of weight 2^(52k) (not normalised: each limb the sum of its products' halves), which
 * F_p2's products add to keep a difference of products from going negative.
 */
typedef struct { __m512i p[5], n0, mask52, mask48, p2[10]; } modulus8;

IFMA_INLINE void modulus8_load(modulus8 *m, const uint64_t *params)
{
    const uint64_t mask = (1ULL << 52) - 1;
    m->p[0] = _mm512_set1_epi64((long long)(params[0] & mask));
    m->p[1] = _mm512_set1_epi64((long long)(((params[0] >> 52) | (params[1] << 12)) & mask));
    m->p[2] = _mm512_set1_epi64((long long)(((params[1] >> 40) | (params[2] << 24)) & mask));
    m->p[3] = _mm512_set1_epi64((long long)(((params[2] >> 28) | (params[3] << 36)) & mask));
    m->p[4] = _mm512_set1_epi64((long long)(params[3] >> 16));
    m->n0 = _mm512_set1_epi64((long long)(params[4] & mask));   /* -p^-1 mod 2^64, reduced mod 2^52 */
    m->mask52 = _mm512_set1_epi64((long long)mask);
    m->mask48 = _mm512_set1_epi64((long long)((1ULL << 48) - 1));
    for (int k = 0; k < 10; k++) m->p2[k] = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
        {
            m->p2[i + j] = _mm512_madd52lo_epu64(m->p2[i + j], m->p[i], m->p[j]);
            m->p2[i + j + 1] = _mm512_madd52hi_epu64(m->p2[i + j + 1], m->p[i], m->p[j]);
        }
}

/* ---- between four 64-bit limbs and five 52-bit ones -------------------------------------- */

/* Limb vectors l0..l3 (limb i of eight elements) to the five 52-bit limbs of the same numbers. */
IFMA_INLINE void fp8_split(fp8 *r, __m512i l0, __m512i l1, __m512i l2, __m512i l3, const modulus8 *m)
{
    r->l[0] = _mm512_and_si512(l0, m->mask52);
    r->l[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l0, 52), _mm512_slli_epi64(l1, 12)), m->mask52);
    r->l[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l1, 40), _mm512_slli_epi64(l2, 24)), m->mask52);
    r->l[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l2, 28), _mm512_slli_epi64(l3, 36)), m->mask52);
    r->l[4] = _mm512_srli_epi64(l3, 16);
}

/* The inverse of fp8_split, for values below 2^256 in normalised limbs. */
IFMA_INLINE void fp8_join(const fp8 *a, __m512i *l0, __m512i *l1, __m512i *l2, __m512i *l3)
{
    *l0 = _mm512_or_si512(a->l[0], _mm512_slli_epi64(a->l[1], 52));
    *l1 = _mm512_or_si512(_mm512_srli_epi64(a->l[1], 12), _mm512_slli_epi64(a->l[2], 40));
    *l2 = _mm512_or_si512(_mm512_srli_epi64(a->l[2], 24), _mm512_slli_epi64(a->l[3], 28));
    *l3 = _mm512_or_si512(_mm512_srli_epi64(a->l[3], 36), _mm512_slli_epi64(a->l[4], 16));
}

/*
 * Eight consecutive four-limb elements (four registers of two elements each) to limb vectors, and
 * back: a 4 x 8 transposition in two rounds of two-source permutations.
 */
IFMA_INLINE void load8(const fp *src, __m512i *l0, __m512i *l1, __m512i *l2, __m512i *l3)
{
    const __m512i lo_pairs = _mm512_set_epi64(13, 9, 5, 1, 12, 8, 4, 0);    /* limbs 0, 1 of four elements */
    const __m512i hi_pairs = _mm512_set_epi64(15, 11, 7, 3, 14, 10, 6, 2);  /* limbs 2, 3 */
    const __m512i low_half = _mm512_set_epi64(11, 10, 9, 8, 3, 2, 1, 0);
    const __m512i high_half = _mm512_set_epi64(15, 14, 13, 12, 7, 6, 5, 4);
    __m512i a = _mm512_loadu_si512(src[0].l), b = _mm512_loadu_si512(src[2].l);
    __m512i c = _mm512_loadu_si512(src[4].l), d = _mm512_loadu_si512(src[6].l);
    __m512i ab01 = _mm512_permutex2var_epi64(a, lo_pairs, b), ab23 = _mm512_permutex2var_epi64(a, hi_pairs, b);
    __m512i cd01 = _mm512_permutex2var_epi64(c, lo_pairs, d), cd23 = _mm512_permutex2var_epi64(c, hi_pairs, d);
    *l0 = _mm512_permutex2var_epi64(ab01, low_half, cd01);
    *l1 = _mm512_permutex2var_epi64(ab01, high_half, cd01);
    *l2 = _mm512_permutex2var_epi64(ab23, low_half, cd23);
    *l3 = _mm512_permutex2var_epi64(ab23, high_half, cd23);
}

IFMA_INLINE void store8(fp *dst, __m512i l0, __m512i l1, __m512i l2, __m512i l3)
{
    const __m512i even_pairs = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0);   /* elements 2j, 2j + 2 */
    const __m512i far_pairs = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
    /* per 128-bit lane j: (l0, l1) and (l2, l3) of element 2j (lo) or 2j + 1 (hi) */
    __m512i x01_lo = _mm512_unpacklo_epi64(l0, l1), x01_hi = _mm512_unpackhi_epi64(l0, l1);
    __m512i x23_lo = _mm512_unpacklo_epi64(l2, l3), x23_hi = _mm512_unpackhi_epi64(l2, l3);
    __m512i e02 = _mm512_permutex2var_epi64(x01_lo, even_pairs, x23_lo);
    __m512i e46 = _mm512_permutex2var_epi64(x01_lo, far_pairs, x23_lo);
    __m512i e13 = _mm512_permutex2var_epi64(x01_hi, even_pairs, x23_hi);
    __m512i e57 = _mm512_permutex2var_epi64(x01_hi, far_pairs, x23_hi);
    _mm512_storeu_si512(dst[0].l, _mm512_shuffle_i64x2(e02, e13, 0x44));
    _mm512_storeu_si512(dst[2].l, _mm512_shuffle_i64x2(e02, e13, 0xEE));
    _mm512_storeu_si512(dst[4].l, _mm512_shuffle_i64x2(e46, e57, 0x44));
    _mm512_storeu_si512(dst[6].l, _mm512_shuffle_i64x2(e46, e57, 0xEE));
}

/* An 8 x 8 transposition of 64-bit words (its own inverse): r[k] word i <-> r[i] word k. */
IFMA_INLINE void transpose8(__m512i r[8])
{
    const __m512i pick_even = _mm512_set_epi64(13, 12, 5, 4, 9, 8, 1, 0);
    const __m512i pick_odd = _mm512_set_epi64(15, 14, 7, 6, 11, 10, 3, 2);
    __m512i t[8], u[8];
    for (int i = 0; i < 4; i++)
    {
        t[2 * i] = _mm512_unpacklo_epi64(r[2 * i], r[2 * i + 1]);       /* columns 0, 2, 4, 6 of two rows */
        t[2 * i + 1] = _mm512_unpackhi_epi64(r[2 * i], r[2 * i + 1]);   /* columns 1, 3, 5, 7 */
    }
    for (int half = 0; half < 2; half++)   /* rows 0-3, then rows 4-7 */
    {
        __m512i *s = t + 4 * half, *o = u + 4 * half;
        o[0] = _mm512_permutex2var_epi64(s[0], pick_even, s[2]);   /* columns 0, 4 of four rows */
        o[2] = _mm512_permutex2var_epi64(s[0], pick_odd, s[2]);    /* columns 2, 6 */
        o[1] = _mm512_permutex2var_epi64(s[1], pick_even, s[3]);   /* columns 1, 5 */
        o[3] = _mm512_permutex2var_epi64(s[1], pick_odd, s[3]);    /* columns 3, 7 */
    }
    for (int c = 0; c < 4; c++)
    {
        r[c] = _mm512_shuffle_i64x2(u[c], u[4 + c], 0x44);
        r[c + 4] = _mm512_shuffle_i64x2(u[c], u[4 + c], 0xEE);
    }
}

/* ---- arithmetic on canonical elements ---------------------------------------------------- */

/* d = a - b limb by limb, the borrow carried, limbs normalised; the lanes where the whole difference borrowed. */
IFMA_INLINE __mmask8 fp8_sub_limbs(fp8 *d, const fp8 *a, const __m512i b[5], const modulus8 *m)
{
    __m512i borrow = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++)
    {
        __m512i di = _mm512_sub_epi64(_mm512_sub_epi64(a->l[i], b[i]), borrow);
        borrow = _mm512_srli_epi64(di, 63);
        d->l[i] = _mm512_and_si512(di, m->mask52);
    }
    return _mm512_cmpneq_epi64_mask(borrow, _mm512_setzero_si512());
}

/* s = a + b limb by limb, the carry carried, limbs normalised (the sum must fit five limbs). */
IFMA_INLINE void fp8_add_limbs(fp8 *s, const fp8 *a, const __m512i b[5], const modulus8 *m)
{
    __m512i carry = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++)
    {
        __m512i si = _mm512_add_epi64(_mm512_add_epi64(a->l[i], b[i]), carry);
        carry = _mm512_srli_epi64(si, 52);
        s->l[i] = _mm512_and_si512(si, m->mask52);
    }
}

/* r = x - p where x >= p, else x; x below 2^260 in normalised limbs. */
IFMA_INLINE void fp8_reduce_once(fp8 *r, const fp8 *x, const modulus8 *m)
{
    fp8 d;
    __mmask8 below_p = fp8_sub_limbs(&d, x, m->p, m);
    for (int i = 0; i < 5; i++) r->l[i] = _mm512_mask_blend_epi64(below_p, d.l[i], x->l[i]);
}

/* r = a + b mod p. */
IFMA_INLINE void fp8_add(fp8 *r, const fp8 *a, const fp8 *b, const modulus8 *m)
{
    fp8 s;
    fp8_add_limbs(&s, a, b->l, m);
    fp8_reduce_once(r, &s, m);
}

/* r = a - b mod p: the difference, plus p in the lanes where it borrowed. */
IFMA_INLINE void fp8_sub(fp8 *r, const fp8 *a, const fp8 *b, const modulus8 *m)
{
    fp8 d;
    __mmask8 borrowed = fp8_sub_limbs(&d, a, b->l, m);
    __m512i p_where_borrowed[5];
    for (int i = 0; i < 5; i++) p_where_borrowed[i] = _mm512_maskz_mov_epi64(borrowed, m->p[i]);
    fp8_add_limbs(r, &d, p_where_borrowed, m);
}

/*
 * r = a - b + p, in [1, 2p) for canonical a and b: a difference that only products read (they
 * take values below 2p), one carry chain where fp8_sub takes two. Limbs may go negative before
 * the chain, so the carries are arithmetic shifts.
 */
IFMA_INLINE void fp8_sub_lazy(fp8 *r, const fp8 *a, const fp8 *b, const modulus8 *m)
{
    __m512i carry = _mm512_setzero_si512();
    for (int i = 0; i < 5; i++)
    {
        __m512i ti = _mm512_add_epi64(_mm512_sub_epi64(_mm512_add_epi64(a->l[i], m->p[i]), b->l[i]), carry);
        carry = _mm512_srai_epi64(ti, 52);
        r->l[i] = _mm512_and_si512(ti, m->mask52);
    }
}

IFMA_INLINE void fp8_blend(fp8 *r, __mmask8 take_b, const fp8 *a, const fp8 *b)
{
    for (int i = 0; i < 5; i++) r->l[i] = _mm512_mask_blend_epi64(take_b, a->l[i], b->l[i]);
}

/* a = -a in the given lanes (0 stays 0). */
IFMA_INLINE void fp8_neg_lanes(fp8 *a, __mmask8 lanes, const modulus8 *m)
{
    const fp8 zero = {{_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512()}};
    fp8 negated;
    fp8_sub(&negated, &zero, a, m);
    fp8_blend(a, lanes, a, &negated);
}

IFMA_INLINE void fp8_store(uint64_t *dst, const fp8 *a)
{
    for (int i = 0; i < 5; i++) _mm512_storeu_si512(dst + 8 * i, a->l[i]);
}

IFMA_INLINE void fp8_load(fp8 *r, const uint64_t *src)
{
    for (int i = 0; i < 5; i++) r->l[i] = _mm512_loadu_si512(src + 8 * i);
}

/*
 * r[s] = a[s] b[s] / 2^256 mod p, below 2p, for a[s] and b[s] below 2p, for s < n (a constant
 * once inlined); each r[s] may alias any a or b, as every factor is read before any result is
 * written. With p < 2^254 the bound holds itself up: (a b + m p) / 2^256 < 4 p^2 / 2^256 + p < 2p.
 * So products may feed products unreduced, and one conditional subtraction (fp8_mul) makes any of
 * them canonical.
 *
 * The n products run round by round side by side. One product's rounds form a chain (each
 * round's m waits for the previous round's carry) about 90 cycles long, close to its 100 IFMA
 * instructions at one a cycle; and its 250 instructions nearly fill the reorder window, so the
 * processor cannot start the next product while it waits. Interleaved in the instruction stream,
 * two products keep the multiplier busy through each other's waits (eight products at once in a
 * loop: 4.3 ns a product alone, 4.0 ns two by two, on Zen 4).
 */
IFMA_INLINE void fp8_mul_lazy_n(int n, fp8 *const r[], const fp8 *const a[], const fp8 *const b[], const modulus8 *m)
{
    const __m512i zero = _mm512_setzero_si512(), one = _mm512_set1_epi64(1);
    __m512i t[4][6], mi[4];   /* n <= 4 */
    for (int s = 0; s < n; s++)
        for (int k = 0; k < 6; k++) t[s][k] = zero;
    for (int i = 0; i < 5; i++)
    {
        for (int s = 0; s < n; s++)
        {
            const __m512i bi = b[s]->l[i];
            for (int k = 0; k < 5; k++) t[s][k] = _mm512_madd52lo_epu64(t[s][k], a[s]->l[k], bi);
            for (int k = 0; k < 5; k++) t[s][k + 1] = _mm512_madd52hi_epu64(t[s][k + 1], a[s]->l[k], bi);
            /* m = t0 n0 mod 2^52 (2^48 in the last round), so that t0 + m p0 has that many zero bits */
            mi[s] = _mm512_and_si512(_mm512_madd52lo_epu64(zero, t[s][0], m->n0), i == 4 ? m->mask48 : m->mask52);
        }
        for (int s = 0; s < n; s++)
        {
            for (int k = 1; k < 5; k++) t[s][k] = _mm512_madd52lo_epu64(t[s][k], m->p[k], mi[s]);
            for (int k = 0; k < 5; k++) t[s][k + 1] = _mm512_madd52hi_epu64(t[s][k + 1], m->p[k], mi[s]);
            if (i == 4)
            {
                t[s][0] = _mm512_madd52lo_epu64(t[s][0], m->p[0], mi[s]);   /* its bits 48..51 are the result's lowest */
                continue;
            }
            /*
             * The low 52 bits of t0 + lo(m p0) are zero, so lo(m p0) = 2^52 - (t0 mod 2^52) unless
             * that is 0: the sum's carry is t0 / 2^52, plus one where t0 mod 2^52 is not 0. That
             * takes the product off the rounds' critical path (and out of the count: 100 IFMA a
             * product, not 105).
             */
            __m512i carry = _mm512_srli_epi64(t[s][0], 52);
            carry = _mm512_mask_add_epi64(carry, _mm512_test_epi64_mask(t[s][0], m->mask52), carry, one);
            t[s][0] = _mm512_add_epi64(t[s][1], carry);
            for (int k = 1; k < 5; k++) t[s][k] = t[s][k + 1];
            t[s][5] = zero;
        }
    }
    for (int s = 0; s < n; s++)
    {
        /* t = t0 + t1 2^52 + ... + t5 2^260, a multiple of 2^48: normalise, then shift right by 48 */
        __m512i t0 = t[s][0], t1 = t[s][1], t2 = t[s][2], t3 = t[s][3], t4 = t[s][4], t5 = t[s][5];
        t1 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
        t2 = _mm512_add_epi64(t2, _mm512_srli_epi64(t1, 52));
        t1 = _mm512_and_si512(t1, m->mask52);
        t3 = _mm512_add_epi64(t3, _mm512_srli_epi64(t2, 52));
        t2 = _mm512_and_si512(t2, m->mask52);
        t4 = _mm512_add_epi64(t4, _mm512_srli_epi64(t3, 52));
        t3 = _mm512_and_si512(t3, m->mask52);
        t5 = _mm512_add_epi64(t5, _mm512_srli_epi64(t4, 52));
        t4 = _mm512_and_si512(t4, m->mask52);
        r[s]->l[0] = _mm512_or_si512(_mm512_srli_epi64(_mm512_and_si512(t0, m->mask52), 48), _mm512_and_si512(_mm512_slli_epi64(t1, 4), m->mask52));
        r[s]->l[1] = _mm512_or_si512(_mm512_srli_epi64(t1, 48), _mm512_and_si512(_mm512_slli_epi64(t2, 4), m->mask52));
        r[s]->l[2] = _mm512_or_si512(_mm512_srli_epi64(t2, 48), _mm512_and_si512(_mm512_slli_epi64(t3, 4), m->mask52));
        r[s]->l[3] = _mm512_or_si512(_mm512_srli_epi64(t3, 48), _mm512_and_si512(_mm512_slli_epi64(t4, 4), m->mask52));
        r[s]->l[4] = _mm512_or_si512(_mm512_srli_epi64(t4, 48), _mm512_slli_epi64(t5, 4));
    }
}

/* r = a b / 2^256 mod p, below 2p, for a and b below 2p; r may alias a or b. */
IFMA_INLINE void fp8_mul_lazy(fp8 *r, const fp8 *a, const fp8 *b, const modulus8 *m)
{
    fp8_mul_lazy_n(1, (fp8 *const[]){r}, (const fp8 *const[]){a}, (const fp8 *const[]){b}, m);
}

/* Two independent products side by side (fp8_mul_lazy_n): r0 = a0 b0, r1 = a1 b1. */
IFMA_INLINE void fp8_mul_lazy2(fp8 *r0, const fp8 *a0, const fp8 *b0, fp8 *r1, const fp8 *a1, const fp8 *b1, const modulus8 *m)
{
    fp8_mul_lazy_n(2, (fp8 *const[]){r0, r1}, (const fp8 *const[]){a0, a1}, (const fp8 *const[]){b0, b1}, m);
}

/* r = a b / 2^256 mod p, canonical, for a and b below 2p; r may alias a or b. */
IFMA_INLINE void fp8_mul(fp8 *r, const fp8 *a, const fp8 *b, const modulus8 *m)
{
    fp8 s;
    fp8_mul_lazy(&s, a, b, m);
    fp8_reduce_once(r, &s, m);
}

/*
 * Two independent products (squares), side by side where the field's product allows: r0 = a0 b0,
 * r1 = a1 b1. r1 may alias any factor; r0 must not alias a1 or b1 (over F_p2 the two products run
 * one after the other, each a deferred-reduction Karatsuba product).
 */
IFMA_INLINE void fp8_mul2(fp8 *r0, const fp8 *a0, const fp8 *b0, fp8 *r1, const fp8 *a1, const fp8 *b1, const modulus8 *m)
{
    fp8_mul_lazy2(r0, a0, b0, r1, a1, b1, m);
    fp8_reduce_once(r0, r0, m);
    fp8_reduce_once(r1, r1, m);
}

/* ---- entry points ------------------------------------------------------------------------ */

/* r[k] = a[k] b[k] for k < count, Montgomery products of canonical elements; r may alias a or b. */
IFMA_TARGET void cm_ifma_fp_mul_many(const fp *a, const fp *b, fp *r, uint64_t count, const uint64_t *params)
{
    modulus8 m;
    modulus8_load(&m, params);
    uint64_t k = 0;
    for (; k + 16 <= count; k += 16)   /* two products side by side */
    {
        __m512i l0, l1, l2, l3;
        fp8 x[2], y[2];
        for (int s = 0; s < 2; s++)
        {
            load8(a + k + 8 * s, &l0, &l1, &l2, &l3);
            fp8_split(&x[s], l0, l1, l2, l3, &m);
            load8(b + k + 8 * s, &l0, &l1, &l2, &l3);
            fp8_split(&y[s], l0, l1, l2, l3, &m);
        }
        fp8_mul2(&x[0], &x[0], &y[0], &x[1], &x[1], &y[1], &m);
        for (int s = 0; s < 2; s++)
        {
            fp8_join(&x[s], &l0, &l1, &l2, &l3);
            store8(r + k + 8 * s, l0, l1, l2, l3);
        }
    }
    for (; k + 8 <= count; k += 8)
    {
        __m512i l0, l1, l2, l3;
        fp8 x, y;
        load8(a + k, &l0, &l1, &l2, &l3);
        fp8_split(&x, l0, l1, l2, l3, &m);
        load8(b + k, &l0, &l1, &l2, &l3);
        fp8_split(&y, l0, l1, l2, l3, &m);
        fp8_mul(&x, &x, &y, &m);
        fp8_join(&x, &l0, &l1, &l2, &l3);
        store8(r + k, l0, l1, l2, l3);
    }
    for (; k < count; k++) fp_mul(&r[k], &a[k], &b[k], params);
}

/* ---- the NTT's butterflies ------------------------------------------------------------ */

/* The four-limb runs and blocks (ntt_x86_64.c): the tails of runs, and blocks of fewer than 16 or more than LANE_BLOCK elements. */
void cm_fp_dif_butterflies(fp *lo, fp *hi, uint64_t count, const fp *table, uint64_t table_length,
                           uint64_t j0, uint64_t stride, int inverse, const uint64_t *p);
void cm_fp_dit_butterflies(fp *lo, fp *hi, uint64_t count, const fp *table, uint64_t j0, uint64_t stride, const uint64_t *p);
void cm_fp_dif_block(fp *block, uint64_t block_length, const fp *compact, int inverse, const uint64_t *p);
void cm_fp_dit_block(fp *block, uint64_t block_length, const fp *compact, const uint64_t *p);

/*
 * Twiddles j .. j + 7 of a stage table (ntt_x86_64.c's layout): table[j stride], or for the
 * inverse table[table_length - j stride]. Contiguous or reversed-contiguous loads for stride 1
 * (the cache blocks' compact tables), gathers otherwise. Lane 0 of j = 0 holds table[0]: the
 * caller does not multiply by it (the twiddle 1, as in the four-limb runs).
 */
IFMA_INLINE void load_twiddles(fp8 *w, const fp *table, uint64_t table_length, uint64_t j, uint64_t stride, int inverse, const modulus8 *m)
{
    __m512i l0, l1, l2, l3;
    if (stride == 1 && !inverse) load8(table + j, &l0, &l1, &l2, &l3);
    else if (stride == 1 && j != 0)
    {
        const __m512i reverse = _mm512_set_epi64(0, 1, 2, 3, 4, 5, 6, 7);
        load8(table + table_length - j - 7, &l0, &l1, &l2, &l3);
        l0 = _mm512_permutexvar_epi64(reverse, l0);
        l1 = _mm512_permutexvar_epi64(reverse, l1);
        l2 = _mm512_permutexvar_epi64(reverse, l2);
        l3 = _mm512_permutexvar_epi64(reverse, l3);
    }
    else
    {
        long long sj = (long long)(j * stride), s = (long long)stride;
        __m512i index = _mm512_set_epi64(sj + 7 * s, sj + 6 * s, sj + 5 * s, sj + 4 * s, sj + 3 * s, sj + 2 * s, sj + s, sj);
        if (inverse) index = _mm512_sub_epi64(_mm512_set1_epi64((long long)table_length), index);
        if (inverse && j == 0) index = _mm512_mask_mov_epi64(index, 0x01, _mm512_setzero_si512());   /* no table[length]: lane 0 is not multiplied */
        index = _mm512_slli_epi64(index, 2);   /* in words: four a twiddle */
        const long long *base = (const long long *)table->l;
        l0 = _mm512_i64gather_epi64(index, base, 8);
        l1 = _mm512_i64gather_epi64(_mm512_add_epi64(index, _mm512_set1_epi64(1)), base, 8);
        l2 = _mm512_i64gather_epi64(_mm512_add_epi64(index, _mm512_set1_epi64(2)), base, 8);
        l3 = _mm512_i64gather_epi64(_mm512_add_epi64(index, _mm512_set1_epi64(3)), base, 8);
    }
    fp8_split(w, l0, l1, l2, l3, m);
}

IFMA_INLINE void load_elements(fp8 *r, const fp *src, const modulus8 *m)
{
    __m512i l0, l1, l2, l3;
    load8(src, &l0, &l1, &l2, &l3);
    fp8_split(r, l0, l1, l2, l3, m);
}

IFMA_INLINE void store_elements(fp *dst, const fp8 *a)
{
    __m512i l0, l1, l2, l3;
    fp8_join(a, &l0, &l1, &l2, &l3);
    store8(dst, l0, l1, l2, l3);
}

/* cm_fp_dif_butterflies eight at a time: (u, v) -> (u + v, (u - v) w^j), or (u + v, (v - u)(-w^-j)). */
IFMA_TARGET void cm_ifma_fp_dif_butterflies(fp *lo, fp *hi, uint64_t count, const fp *table, uint64_t table_length,
                                            uint64_t j0, uint64_t stride, int inverse, const uint64_t *p)
{
    modulus8 m;
    modulus8_load(&m, p);
    uint64_t t = 0;
    for (; t + 8 <= count; t += 8)
    {
        fp8 u, v, w, d, sum, product;
        load_elements(&u, lo + t, &m);
        load_elements(&v, hi + t, &m);
        load_twiddles(&w, table, table_length, j0 + t, stride, inverse, &m);
        fp8_sub(&d, &u, &v, &m);
        fp8_add(&sum, &u, &v, &m);
        if (inverse)
        {
            fp8 negated;
            fp8_sub(&negated, &v, &u, &m);
            fp8_mul(&product, &negated, &w, &m);
        }
        else fp8_mul(&product, &d, &w, &m);
        if (j0 + t == 0) fp8_blend(&product, 0x01, &product, &d);   /* the twiddle 1: u - v either way */
        store_elements(lo + t, &sum);
        store_elements(hi + t, &product);
    }
    if (t < count) cm_fp_dif_butterflies(lo + t, hi + t, count - t, table, table_length, j0 + t, stride, inverse, p);
}

/* cm_fp_dit_butterflies eight at a time: (u, v) -> (u + w^j v, u - w^j v). */
IFMA_TARGET void cm_ifma_fp_dit_butterflies(fp *lo, fp *hi, uint64_t count, const fp *table, uint64_t j0, uint64_t stride, const uint64_t *p)
{
    modulus8 m;
    modulus8_load(&m, p);
    uint64_t t = 0;
    for (; t + 8 <= count; t += 8)
    {
        fp8 u, v, w, product;
        load_elements(&u, lo + t, &m);
        load_elements(&v, hi + t, &m);
        load_twiddles(&w, table, 0, j0 + t, stride, 0, &m);
        fp8_mul(&product, &v, &w, &m);
        fp8_blend(&v, j0 + t == 0 ? 0xFE : 0xFF, &v, &product);   /* the twiddle 1 keeps lane 0 as it is */
        fp8 sum;
        fp8_add(&sum, &u, &v, &m);
        fp8_sub(&v, &u, &v, &m);
        store_elements(lo + t, &sum);
        store_elements(hi + t, &v);
    }
    if (t < count) cm_fp_dit_butterflies(lo + t, hi + t, count - t, table, j0 + t, stride, p);
}

/* ---- F_p2 = F_p[u]/(u^2 + 1), eight elements: coefficients in lanes, as fp8 pairs ---------- */

typedef struct { fp8 c0, c1; } fp28;

/*
 * t += a b, the schoolbook half of a product: ten accumulators of weight 2^(52k), not normalised
 * (a product adds below 2^56 to each; they may start negative).
 */
IFMA_INLINE void fp8_mul_wide_add(__m512i t[10], const fp8 *a, const fp8 *b)
{
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++)
        {
            t[i + j] = _mm512_madd52lo_epu64(t[i + j], a->l[j], b->l[i]);
            t[i + j + 1] = _mm512_madd52hi_epu64(t[i + j + 1], a->l[j], b->l[i]);
        }
}

/*
 * r = T / 2^256 mod p, below 2p, for T given as ten accumulators of weight 2^(52k) whose limbs
 * may be negative but whose value lies in [0, p 2^256): (T + m p) / 2^256 < 2p. The reduction
 * rounds of fp8_mul_lazy_n on their own, with carries that keep their sign (an arithmetic shift
 * is the floor). t is used up.
 */
IFMA_INLINE void fp8_redc_wide(fp8 *r, __m512i t[10], const modulus8 *m)
{
    const __m512i zero = _mm512_setzero_si512(), one = _mm512_set1_epi64(1);
    for (int i = 0; i < 5; i++)
    {
        __m512i mi = _mm512_and_si512(_mm512_madd52lo_epu64(zero, t[i], m->n0), i == 4 ? m->mask48 : m->mask52);
        for (int k = 1; k < 5; k++) t[i + k] = _mm512_madd52lo_epu64(t[i + k], m->p[k], mi);
        for (int k = 0; k < 5; k++) t[i + k + 1] = _mm512_madd52hi_epu64(t[i + k + 1], m->p[k], mi);
        if (i == 4)
        {
            t[4] = _mm512_madd52lo_epu64(t[4], m->p[0], mi);   /* its bits 48..51 are the result's lowest */
            break;
        }
        /* t_i + lo(m p0) is a multiple of 2^52: the carry is floor(t_i / 2^52), plus one where t_i mod 2^52 is not 0 */
        __m512i carry = _mm512_srai_epi64(t[i], 52);
        carry = _mm512_mask_add_epi64(carry, _mm512_test_epi64_mask(t[i], m->mask52), carry, one);
        t[i + 1] = _mm512_add_epi64(t[i + 1], carry);
    }
    /* t4 + t5 2^52 + ... + t9 2^260, a multiple of 2^48: normalise (the value is not negative, so
       the top limb ends so), then shift right by 48 */
    __m512i *u = t + 4;
    for (int k = 0; k < 5; k++)
    {
        u[k + 1] = _mm512_add_epi64(u[k + 1], _mm512_srai_epi64(u[k], 52));
        u[k] = _mm512_and_si512(u[k], m->mask52);
    }
    for (int k = 0; k < 4; k++)
        r->l[k] = _mm512_or_si512(_mm512_srli_epi64(u[k], 48), _mm512_and_si512(_mm512_slli_epi64(u[k + 1], 4), m->mask52));
    r->l[4] = _mm512_or_si512(_mm512_srli_epi64(u[4], 48), _mm512_slli_epi64(u[5], 4));
}

/*
 * Karatsuba, as Fp2's product: (a0 b0 - a1 b1) + ((a0 + a1)(b0 + b1) - a0 b0 - a1 b1) u, with the
 * reduction deferred (Aranha, Karabina, Longa, Gebotys, Lopez, "Faster explicit formulas for
 * computing pairings over ordinary curves", EUROCRYPT 2011, section 4): the three products are
 * combined as unreduced ten-limb sums, then two reductions, not three. For canonical a and b,
 * a0 b0 - a1 b1 + p^2 and a0 b1 + a1 b0 both lie in [0, 2p^2), inside the reduction's bound.
 */
IFMA_INLINE void fp28_mul(fp28 *r, const fp28 *a, const fp28 *b, const modulus8 *m)
{
    /* One ten-limb sum at a time, and the two reductions one after the other: with more in flight
       the accumulators outgrow the 32 registers, and the spills cost more than the overlap gains. */
    __m512i v0[10], v1[10], c[10];
    for (int k = 0; k < 10; k++) v0[k] = v1[k] = _mm512_setzero_si512();
    fp8_mul_wide_add(v0, &a->c0, &b->c0);
    fp8_mul_wide_add(v1, &a->c1, &b->c1);
    for (int k = 0; k < 10; k++)
    {
        c[k] = _mm512_sub_epi64(_mm512_setzero_si512(), _mm512_add_epi64(v0[k], v1[k]));   /* -(a0 b0 + a1 b1), then + (a0 + a1)(b0 + b1) */
        v0[k] = _mm512_add_epi64(_mm512_sub_epi64(v0[k], v1[k]), m->p2[k]);
    }
    fp8 sa, sb;
    fp8_add_limbs(&sa, &a->c0, a->c1.l, m);   /* below 2p, normalised: a factor needs no more */
    fp8_add_limbs(&sb, &b->c0, b->c1.l, m);
    fp8_mul_wide_add(c, &sa, &sb);
    fp8_redc_wide(&r->c0, v0, m);
    fp8_redc_wide(&r->c1, c, m);
    fp8_reduce_once(&r->c0, &r->c0, m);
    fp8_reduce_once(&r->c1, &r->c1, m);
}

/* (a0 + a1)(a0 - a1) + 2 a0 a1 u: two products side by side, as Fp2's square. */
IFMA_INLINE void fp28_square(fp28 *r, const fp28 *a, const modulus8 *m)
{
    fp8 sum, difference, cross;
    fp8_add_limbs(&sum, &a->c0, a->c1.l, m);   /* factors of a product: below 2p will do */
    fp8_sub_lazy(&difference, &a->c0, &a->c1, m);
    fp8_mul_lazy2(&cross, &a->c0, &a->c1, &r->c0, &sum, &difference, m);
    fp8_reduce_once(&r->c0, &r->c0, m);
    fp8_reduce_once(&cross, &cross, m);
    fp8_add(&r->c1, &cross, &cross, m);
}

IFMA_INLINE void fp8_square(fp8 *r, const fp8 *a, const modulus8 *m) { fp8_mul(r, a, a, m); }

IFMA_INLINE void fp8_square2(fp8 *r0, const fp8 *a0, fp8 *r1, const fp8 *a1, const modulus8 *m) { fp8_mul2(r0, a0, a0, r1, a1, a1, m); }

IFMA_INLINE void fp28_mul2(fp28 *r0, const fp28 *a0, const fp28 *b0, fp28 *r1, const fp28 *a1, const fp28 *b1, const modulus8 *m)
{
    fp28_mul(r0, a0, b0, m);
    fp28_mul(r1, a1, b1, m);
}

IFMA_INLINE void fp28_square2(fp28 *r0, const fp28 *a0, fp28 *r1, const fp28 *a1, const modulus8 *m)
{
    fp28_square(r0, a0, m);
    fp28_square(r1, a1, m);
}

IFMA_INLINE void fp28_add(fp28 *r, const fp28 *a, const fp28 *b, const modulus8 *m)
{
    fp8_add(&r->c0, &a->c0, &b->c0, m);
    fp8_add(&r->c1, &a->c1, &b->c1, m);
}

IFMA_INLINE void fp28_sub(fp28 *r, const fp28 *a, const fp28 *b, const modulus8 *m)
{
    fp8_sub(&r->c0, &a->c0, &b->c0, m);
    fp8_sub(&r->c1, &a->c1, &b->c1, m);
}

IFMA_INLINE void fp28_neg_lanes(fp28 *a, __mmask8 lanes, const modulus8 *m)
{
    fp8_neg_lanes(&a->c0, lanes, m);
    fp8_neg_lanes(&a->c1, lanes, m);
}

IFMA_INLINE void fp28_blend(fp28 *r, __mmask8 take_b, const fp28 *a, const fp28 *b)
{
    fp8_blend(&r->c0, take_b, &a->c0, &b->c0);
    fp8_blend(&r->c1, take_b, &a->c1, &b->c1);
}

/*
 * Blocks of up to LANE_BLOCK elements with the data held in 52-bit lanes from the first stage to
 * the last: converted once in, once out, where the runs above convert every element at every
 * stage. Element e of the block is lane e mod 8 of vector e / 8, so the stages with h >= 8 pair
 * whole vectors, and h = 4, 2, 1 pair the lanes of one vector with their partners k ^ h: each
 * lane takes its pair's u and v (a permutation and two blends), all eight compute, and the lanes
 * with bit h clear keep the sum, the others the product.
 */
#define LANE_BLOCK 1024

/* x with lane k moved to lane k ^ h, for h = 4, 2, 1. */
IFMA_INLINE void fp8_partner(fp8 *r, const fp8 *x, uint64_t h)
{
    for (int i = 0; i < 5; i++)
        r->l[i] = h == 4 ? _mm512_shuffle_i64x2(x->l[i], x->l[i], 0x4E)
                : h == 2 ? _mm512_permutex_epi64(x->l[i], 0x4E)
                         : _mm512_permutex_epi64(x->l[i], 0xB1);
}

/* Lane k of the twiddles of an in-vector stage h: the stage table's j = k mod h (inverse: table[h - j], j != 0). */
IFMA_INLINE void short_twiddles(fp8 *w, uint64_t h, const fp *compact, int inverse, const modulus8 *m)
{
    fp lanes[8];
    const fp *table = compact + h - 1;
    for (int k = 0; k < 8; k++)
    {
        uint64_t j = (uint64_t)k % h;
        lanes[k] = inverse && j != 0 ? table[h - j] : table[j];
    }
    load_elements(w, lanes, m);
}

/* The lanes k with k mod h = 0 (the twiddle 1), and those with bit h set (the v of their pair). */
IFMA_INLINE __mmask8 twiddle_one_lanes(uint64_t h) { return h == 4 ? 0x11 : h == 2 ? 0x55 : 0xFF; }
IFMA_INLINE __mmask8 v_lanes(uint64_t h) { return h == 4 ? 0xF0 : h == 2 ? 0xCC : 0xAA; }

/* Every lane of a vector gets its pair's u and v for the in-vector stage h. */
IFMA_INLINE void pair_lanes(fp8 *u, fp8 *v, const fp8 *x, uint64_t h)
{
    fp8 partner;
    fp8_partner(&partner, x, h);
    fp8_blend(u, v_lanes(h), x, &partner);
    fp8_blend(v, v_lanes(h), &partner, x);
}

/* A block of 16 to LANE_BLOCK elements into lanes (vector g: elements 8g .. 8g + 7), and back. */
IFMA_INLINE uint64_t block_to_lanes(fp8 *v, const fp *block, uint64_t block_length, const modulus8 *m)
{
    uint64_t vectors = block_length / 8;
    for (uint64_t g = 0; g < vectors; g++) load_elements(&v[g], block + 8 * g, m);
    return vectors;
}

IFMA_INLINE void lanes_to_block(fp *block, const fp8 *v, uint64_t vectors)
{
    for (uint64_t g = 0; g < vectors; g++) store_elements(block + 8 * g, &v[g]);
}

IFMA_TARGET void cm_ifma_fp_dif_block(fp *block, uint64_t block_length, const fp *compact, int inverse, const uint64_t *p)
{
    if (block_length < 16 || block_length > LANE_BLOCK)
    {
        cm_fp_dif_block(block, block_length, compact, inverse, p);   /* the four-limb blocks */
        return;
    }
    modulus8 m;
    modulus8_load(&m, p);
    fp8 v[LANE_BLOCK / 8];
    uint64_t vectors = block_to_lanes(v, block, block_length, &m);
    for (uint64_t h = block_length / 2; h >= 8; h >>= 1)
        for (uint64_t s = 0; s < block_length; s += 2 * h)
            for (uint64_t t = 0; t < h; t += 8)
            {
                fp8 *u = &v[(s + t) / 8], *x = &v[(s + t + h) / 8];
                fp8 w, d, sum, product;
                load_twiddles(&w, compact + h - 1, h, t, 1, inverse, &m);
                fp8_sub(&d, u, x, &m);
                fp8_add(&sum, u, x, &m);
                if (inverse)
                {
                    fp8 negated;
                    fp8_sub(&negated, x, u, &m);
                    fp8_mul(&product, &negated, &w, &m);
                }
                else fp8_mul(&product, &d, &w, &m);
                if (t == 0) fp8_blend(&product, 0x01, &product, &d);   /* the twiddle 1: u - v either way */
                *u = sum;
                *x = product;
            }
    for (uint64_t h = 4; h >= 1; h >>= 1)
    {
        fp8 w = v[0];   /* stage h = 1 multiplies nothing */
        if (h > 1) short_twiddles(&w, h, compact, inverse, &m);
        for (uint64_t g = 0; g < vectors; g++)
        {
            fp8 u, x, d, sum, product;
            pair_lanes(&u, &x, &v[g], h);
            fp8_sub(&d, &u, &x, &m);
            fp8_add(&sum, &u, &x, &m);
            product = d;
            if (h > 1)
            {
                if (inverse)
                {
                    fp8 negated;
                    fp8_sub(&negated, &x, &u, &m);
                    fp8_mul(&product, &negated, &w, &m);
                }
                else fp8_mul(&product, &d, &w, &m);
                fp8_blend(&product, twiddle_one_lanes(h), &product, &d);
            }
            fp8_blend(&v[g], v_lanes(h), &sum, &product);
        }
    }
    lanes_to_block(block, v, vectors);
}

IFMA_TARGET void cm_ifma_fp_dit_block(fp *block, uint64_t block_length, const fp *compact, const uint64_t *p)
{
    if (block_length < 16 || block_length > LANE_BLOCK)
    {
        cm_fp_dit_block(block, block_length, compact, p);
        return;
    }
    modulus8 m;
    modulus8_load(&m, p);
    fp8 v[LANE_BLOCK / 8];
    uint64_t vectors = block_to_lanes(v, block, block_length, &m);
    for (uint64_t h = 1; h <= 4; h <<= 1)
    {
        fp8 w = v[0];   /* stage h = 1 multiplies nothing */
        if (h > 1) short_twiddles(&w, h, compact, 0, &m);
        for (uint64_t g = 0; g < vectors; g++)
        {
            fp8 u, x, sum, difference;
            pair_lanes(&u, &x, &v[g], h);
            if (h > 1)
            {
                fp8 product;
                fp8_mul(&product, &x, &w, &m);
                fp8_blend(&x, (__mmask8)~twiddle_one_lanes(h), &x, &product);
            }
            fp8_add(&sum, &u, &x, &m);
            fp8_sub(&difference, &u, &x, &m);
            fp8_blend(&v[g], v_lanes(h), &sum, &difference);
        }
    }
    for (uint64_t h = 8; h < block_length; h <<= 1)
        for (uint64_t s = 0; s < block_length; s += 2 * h)
            for (uint64_t t = 0; t < h; t += 8)
            {
                fp8 *u = &v[(s + t) / 8], *x = &v[(s + t + h) / 8];
                fp8 w, product, sum;
                load_twiddles(&w, compact + h - 1, 0, t, 1, 0, &m);
                fp8_mul(&product, x, &w, &m);
                if (t == 0) fp8_blend(&product, 0x01, &product, x);   /* the twiddle 1 */
                fp8_add(&sum, u, &product, &m);
                fp8_sub(x, u, &product, &m);
                *u = sum;
            }
    lanes_to_block(block, v, vectors);
}

#undef LANE_BLOCK

/* ---- decoded points: coordinates canonical and on the curve ------------------------------ */

/* The lanes whose four stored limbs l[0..3] make a number below p. */
IFMA_INLINE __mmask8 below_p(const __m512i *l, const uint64_t *params)
{
    __mmask8 less = 0, equal = 0xFF;
    for (int i = 3; i >= 0; i--)
    {
        __m512i pi = _mm512_set1_epi64((long long)params[i]);
        less |= equal & _mm512_cmplt_epu64_mask(l[i], pi);
        equal &= _mm512_cmpeq_epi64_mask(l[i], pi);
    }
    return less;
}

IFMA_INLINE __mmask8 fp8_equal(const fp8 *a, const fp8 *b)
{
    __mmask8 equal = 0xFF;
    for (int i = 0; i < 5; i++) equal &= _mm512_cmpeq_epi64_mask(a->l[i], b->l[i]);
    return equal;
}

/* Eight copies of an element stored as four limbs. */
IFMA_INLINE void fp8_broadcast(fp8 *r, const uint64_t *limbs, const modulus8 *m)
{
    fp8_split(r, _mm512_set1_epi64((long long)limbs[0]), _mm512_set1_epi64((long long)limbs[1]),
              _mm512_set1_epi64((long long)limbs[2]), _mm512_set1_epi64((long long)limbs[3]), m);
}

/*
 * Whether every one of count points (AffinePoint's layout: x, then y, Montgomery limbs) has
 * coordinates below p and lies on y^2 = x^3 + b, or is (0, 0), the point at infinity: 1 if so,
 * else 0, and the caller's own check then finds which. The twin of the decoders' per-point
 * checks (PointDecoding, CrossMargin.Curves), which stay the reference.
 */
IFMA_TARGET int cm_ifma_fp_points_valid(const uint64_t *points, uint64_t count, const uint64_t *b, const uint64_t *params)
{
    modulus8 m;
    modulus8_load(&m, params);
    fp8 b8;
    fp8_broadcast(&b8, b, &m);
    for (uint64_t first = 0; first < count; first += 8)
    {
        uint64_t valid = count - first < 8 ? count - first : 8;
        __m512i rows[8], any = _mm512_setzero_si512();
        for (uint64_t k = 0; k < 8; k++) rows[k] = k < valid ? _mm512_loadu_si512(points + 8 * (first + k)) : _mm512_setzero_si512();
        transpose8(rows);
        for (int c = 0; c < 8; c++) any = _mm512_or_si512(any, rows[c]);
        __mmask8 infinity = _mm512_cmpeq_epi64_mask(any, _mm512_setzero_si512());
        __mmask8 canonical = below_p(rows, params) & below_p(rows + 4, params);
        fp8 x, y, x3, y2;
        fp8_split(&x, rows[0], rows[1], rows[2], rows[3], &m);
        fp8_split(&y, rows[4], rows[5], rows[6], rows[7], &m);
        fp8_mul(&x3, &x, &x, &m);
        fp8_mul(&x3, &x3, &x, &m);
        fp8_add(&x3, &x3, &b8, &m);
        fp8_mul(&y2, &y, &y, &m);
        __mmask8 good = canonical & (fp8_equal(&x3, &y2) | infinity);
        if ((good | (__mmask8)~((1u << valid) - 1)) != 0xFF) return 0;
    }
    return 1;
}

/* The same over F_p2 (b = b0 + b1 u, eight limbs), points of sixteen words. */
IFMA_TARGET int cm_ifma_fp2_points_valid(const uint64_t *points, uint64_t count, const uint64_t *b, const uint64_t *params)
{
    modulus8 m;
    modulus8_load(&m, params);
    fp28 b8;
    fp8_broadcast(&b8.c0, b, &m);
    fp8_broadcast(&b8.c1, b + 4, &m);
    for (uint64_t first = 0; first < count; first += 8)
    {
        uint64_t valid = count - first < 8 ? count - first : 8;
        fp28 coordinates[2];   /* x, y */
        __mmask8 canonical = 0xFF;
        __m512i any = _mm512_setzero_si512();
        for (int q = 0; q < 2; q++)
        {
            __m512i rows[8];
            for (uint64_t k = 0; k < 8; k++) rows[k] = k < valid ? _mm512_loadu_si512(points + 16 * (first + k) + 8 * q) : _mm512_setzero_si512();
            transpose8(rows);
            for (int c = 0; c < 8; c++) any = _mm512_or_si512(any, rows[c]);
            canonical &= below_p(rows, params) & below_p(rows + 4, params);
            fp8_split(&coordinates[q].c0, rows[0], rows[1], rows[2], rows[3], &m);
            fp8_split(&coordinates[q].c1, rows[4], rows[5], rows[6], rows[7], &m);
        }
        __mmask8 infinity = _mm512_cmpeq_epi64_mask(any, _mm512_setzero_si512());
        fp28 x3, y2;
        fp28_square(&x3, &coordinates[0], &m);
        fp28_mul(&x3, &x3, &coordinates[0], &m);
        fp28_add(&x3, &x3, &b8, &m);
        fp28_square(&y2, &coordinates[1], &m);
        __mmask8 equal = fp8_equal(&x3.c0, &y2.c0) & fp8_equal(&x3.c1, &y2.c1);
        __mmask8 good = canonical & (equal | infinity);
        if ((good | (__mmask8)~((1u << valid) - 1)) != 0xFF) return 0;
    }
    return 1;
}

/* ---- batch-affine additions ----------------------------------------------------------- */

/* Lanes past the count get 1 as it is stored (any non-zero value keeps the chain invertible). */
IFMA_INLINE void fp8_pad(fp8 *a, __mmask8 valid)
{
    a->l[0] = _mm512_mask_blend_epi64(valid, _mm512_set1_epi64(1), a->l[0]);
    for (int i = 1; i < 5; i++) a->l[i] = _mm512_maskz_mov_epi64(valid, a->l[i]);
}

IFMA_INLINE void fp28_pad(fp28 *a, __mmask8 valid)
{
    fp8_pad(&a->c0, valid);
    for (int i = 0; i < 5; i++) a->c1.l[i] = _mm512_maskz_mov_epi64(valid, a->c1.l[i]);
}

/*
 * The F_p elements of eight points (lanes past `valid` zero), in the points' order: x's
 * coefficients, then y's. A point is `coefficients` registers of two elements each; an 8 x 8
 * transposition of one register from each point gives both elements' limbs. Point k of the block
 * is base[index[first + k]] with an index; else the point refs[first + k] names, with refs (its
 * address, plus 1 where it is to be negated: those lanes are set in *negate); else
 * base[first + k]. With x_only, x's elements alone (y's are left unset, and over F_p2 not even
 * read). Returns the lanes whose x's stored words equal those of `other_x` where that is given (the
 * four or eight first columns).
 */
IFMA_INLINE __mmask8 load_points(fp8 *elements, int coefficients, const uint64_t *base, const int32_t *index, const uint64_t *refs,
                                 uint64_t first, uint64_t valid, const __m512i *x_words, __m512i *x_words_out, __mmask8 *negate,
                                 int x_only, const modulus8 *m)
{
    const uint64_t point_words = 8 * (uint64_t)coefficients;
    __mmask8 same_x = 0xFF;
    if (negate)
    {
        *negate = 0;
        if (refs)
            for (uint64_t k = 0; k < valid; k++) *negate |= (__mmask8)((refs[first + k] & 1) << k);
    }
    for (int q = 0; q < (x_only ? (coefficients + 1) / 2 : coefficients); q++)
    {
        __m512i rows[8];
        for (uint64_t k = 0; k < 8; k++)
        {
            if (k >= valid)
            {
                rows[k] = _mm512_setzero_si512();
                continue;
            }
            const uint64_t *point = index ? base + point_words * (uint64_t)(uint32_t)index[first + k]
                                  : refs ? (const uint64_t *)(uintptr_t)(refs[first + k] & ~(uint64_t)1)
                                         : base + point_words * (first + k);
            rows[k] = _mm512_loadu_si512(point + 8 * q);
        }
        transpose8(rows);
        if (q == 0)
        {
            int x_columns = 4 * coefficients;   /* x is the first four words of a point over F_p, all eight over F_p2 */
            for (int c = 0; c < x_columns; c++)
            {
                if (x_words) same_x &= _mm512_cmpeq_epi64_mask(rows[c], x_words[c]);
                if (x_words_out) x_words_out[c] = rows[c];
            }
        }
        fp8_split(&elements[2 * q], rows[0], rows[1], rows[2], rows[3], m);
        if (!x_only || coefficients > 1) fp8_split(&elements[2 * q + 1], rows[4], rows[5], rows[6], rows[7], m);
    }
    return same_x;
}

/* The inverse of load_points for the targets: writes lanes below `valid` back through the index. */
IFMA_INLINE void store_points(const fp8 *elements, int coefficients, uint64_t *base, const int32_t *index, uint64_t first, uint64_t valid)
{
    const uint64_t point_words = 8 * (uint64_t)coefficients;
    for (int q = 0; q < coefficients; q++)
    {
        __m512i rows[8];
        fp8_join(&elements[2 * q], &rows[0], &rows[1], &rows[2], &rows[3]);
        fp8_join(&elements[2 * q + 1], &rows[4], &rows[5], &rows[6], &rows[7]);
        transpose8(rows);
        for (uint64_t k = 0; k < valid; k++)
            _mm512_storeu_si512(base + point_words * (uint64_t)(uint32_t)index[first + k] + 8 * q, rows[k]);
    }
}

/*
 * What the window loops of affine_batch_ifma.inc share with the C# that calls them: the state of
 * one window's AffineBuckets (CrossMargin.Curves), its arrays pinned by the caller and its two
 * counts written back, laid out as NativeWindowState there; and scalar helpers on whole points.
 */
typedef struct
{
    uint64_t *buckets;          /* AffineXY[bucket count]: (x, y), (0, 0) for an empty bucket */
    uint8_t *in_batch;          /* one flag a bucket: taken by the batch being gathered */
    int32_t *batch_target;      /* the batch: bucket of each addition ... */
    uint64_t *batch_addend;     /* ... and its point (AffineXY[capacity]) */
    int32_t *queue_target;      /* points whose bucket was taken, waiting for the next batch */
    uint64_t *queue_addend;
    uint64_t *records;          /* the batch's scratch: 80 words a coefficient for each block of eight */
    const uint64_t *params;     /* p0..p3, n0, then R^3 mod p (NativeModulus's block) */
    int32_t capacity;           /* of the batch and of the queue */
    int32_t batch_count;
    int32_t queue_count;
    int32_t bucket_count;
    uint64_t *batch_ref;        /* each addition's point: its address, plus 1 where it enters negated */
} window_state;

static inline int words_zero(const uint64_t *a, int words)
{
    uint64_t any = 0;
    for (int i = 0; i < words; i++) any |= a[i];
    return any == 0;
}

static inline int words_equal(const uint64_t *a, const uint64_t *b, int words)
{
    uint64_t diff = 0;
    for (int i = 0; i < words; i++) diff |= a[i] ^ b[i];
    return diff == 0;
}

/* r = a^-1 for a Montgomery-form a: the stored integer aR inverted, times R^3 over R. 0 for a = 0. */
static int fp_inverse(uint64_t *r, const uint64_t *a, const uint64_t *params)
{
    uint64_t t[4];
    if (!cm_modular_inverse(a, params, t)) return 0;
    cm_montgomery_mul4(t, params + 5, params, r);
    return 1;
}

/* In F_p[u]/(u^2 + 1): (a0 + a1 u)^-1 = (a0 - a1 u) / (a0^2 + a1^2). */
static int fp2_inverse(uint64_t *r, const uint64_t *a, const uint64_t *params)
{
    fp norm, t, inv, zero = {{0, 0, 0, 0}};
    cm_montgomery_mul4(a, a, params, norm.l);
    cm_montgomery_mul4(a + 4, a + 4, params, t.l);
    fp_add(&norm, &norm, &t, params);
    if (!fp_inverse(inv.l, norm.l, params)) return 0;
    cm_montgomery_mul4(a, inv.l, params, r);
    cm_montgomery_mul4(a + 4, inv.l, params, t.l);
    fp_sub((fp *)(r + 4), &zero, &t, params);
    return 1;
}


#define ELEMENT8 fp8
#define COEFFICIENTS 1
#define NAME(x) cm_ifma_fp_##x
#define S_INVERSE fp_inverse
#define E_MUL fp8_mul
#define E_MUL2 fp8_mul2
#define E_SQUARE2 fp8_square2
#define E_MUL_LAZY2 fp8_mul_lazy2
#define E_SQUARE fp8_square
#define E_MUL_LAZY fp8_mul_lazy
#define E_REDUCE fp8_reduce_once
#define E_ADD fp8_add
#define E_SUB fp8_sub
#define E_SUB_LAZY fp8_sub_lazy
#define E_BLEND fp8_blend
#define E_NEG_LANES fp8_neg_lanes
#define E_PAD fp8_pad
#include "affine_batch_ifma.inc"
#undef ELEMENT8
#undef COEFFICIENTS
#undef NAME
#undef S_INVERSE
#undef E_MUL
#undef E_MUL2
#undef E_SQUARE2
#undef E_MUL_LAZY2
#undef E_SQUARE
#undef E_MUL_LAZY
#undef E_REDUCE
#undef E_ADD
#undef E_SUB
#undef E_SUB_LAZY
#undef E_BLEND
#undef E_NEG_LANES
#undef E_PAD

/* Over F_p2 the products come out canonical already (each ends in differences). */
IFMA_INLINE void fp28_identity(fp28 *r, const fp28 *a, const modulus8 *m) { (void)m; *r = *a; }

#define ELEMENT8 fp28
#define COEFFICIENTS 2
#define NAME(x) cm_ifma_fp2_##x
#define S_INVERSE fp2_inverse
#define E_MUL fp28_mul
#define E_MUL2 fp28_mul2
#define E_SQUARE2 fp28_square2
#define E_MUL_LAZY2 fp28_mul2
#define E_SQUARE fp28_square
#define E_MUL_LAZY fp28_mul
#define E_REDUCE fp28_identity
#define E_ADD fp28_add
#define E_SUB fp28_sub
#define E_SUB_LAZY fp28_sub
#define E_BLEND fp28_blend
#define E_NEG_LANES fp28_neg_lanes
#define E_PAD fp28_pad
#include "affine_batch_ifma.inc"
