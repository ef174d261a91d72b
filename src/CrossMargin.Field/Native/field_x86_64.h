/*
 * What the native kernel's C files share (tower_x86_64.c, points_x86_64.c): the element types,
 * laid out as the C# structs are (an F_p element is four little-endian Montgomery limbs, each
 * extension element its coefficients in order), the assembly's products (montgomery_x86_64.S),
 * and F_p's and F_p2's sums and differences of reduced elements, inlined. A parameter block
 * starts with the assembly's (p0..p3, n0); the top limb of p is below 2^63 - 1 (the assembly's
 * condition), so the sum of two reduced elements fits four limbs.
 */
#ifndef CROSSMARGIN_FIELD_X86_64_H
#define CROSSMARGIN_FIELD_X86_64_H

#include <stdint.h>
#include <x86intrin.h>

typedef struct { uint64_t l[4]; } fp;
typedef struct { fp c0, c1; } fp2;
typedef struct { fp2 c0, c1, c2; } fp6;
typedef struct { fp6 c0, c1; } fp12;

/* The assembly's products (montgomery_x86_64.S); they read params[0..4]. */
void cm_montgomery_mul4(const uint64_t *a, const uint64_t *b, const uint64_t *params, uint64_t *r);
void cm_fp2_mul(const fp2 *a, const fp2 *b, const uint64_t *params, fp2 *r);
void cm_fp2_square(const fp2 *a, const uint64_t *params, fp2 *r);

/* r = x^-1 mod p for the integer x (inverse.c); 1, or 0 where x has no inverse. */
int cm_modular_inverse(const uint64_t *x, const uint64_t *params, uint64_t *r);

#define INLINE static inline __attribute__((always_inline))

/* ---- F_p ------------------------------------------------------------------------------- */

/* r = a + b mod p: the sum, or the sum less p unless that borrows. */
INLINE void fp_add(fp *r, const fp *a, const fp *b, const uint64_t *p)
{
    unsigned long long s0, s1, s2, s3, d0, d1, d2, d3;
    unsigned char carry = _addcarry_u64(0, a->l[0], b->l[0], &s0);
    carry = _addcarry_u64(carry, a->l[1], b->l[1], &s1);
    carry = _addcarry_u64(carry, a->l[2], b->l[2], &s2);
    (void)_addcarry_u64(carry, a->l[3], b->l[3], &s3);
    unsigned char borrow = _subborrow_u64(0, s0, p[0], &d0);
    borrow = _subborrow_u64(borrow, s1, p[1], &d1);
    borrow = _subborrow_u64(borrow, s2, p[2], &d2);
    borrow = _subborrow_u64(borrow, s3, p[3], &d3);
    uint64_t keep = -(uint64_t)borrow; /* all ones where the sum is below p */
    r->l[0] = (s0 & keep) | (d0 & ~keep);
    r->l[1] = (s1 & keep) | (d1 & ~keep);
    r->l[2] = (s2 & keep) | (d2 & ~keep);
    r->l[3] = (s3 & keep) | (d3 & ~keep);
}

/* r = a - b mod p: the difference, plus p where it borrowed. */
INLINE void fp_sub(fp *r, const fp *a, const fp *b, const uint64_t *p)
{
    unsigned long long d0, d1, d2, d3, e0, e1, e2, e3;
    unsigned char borrow = _subborrow_u64(0, a->l[0], b->l[0], &d0);
    borrow = _subborrow_u64(borrow, a->l[1], b->l[1], &d1);
    borrow = _subborrow_u64(borrow, a->l[2], b->l[2], &d2);
    borrow = _subborrow_u64(borrow, a->l[3], b->l[3], &d3);
    uint64_t mask = -(uint64_t)borrow;
    unsigned char carry = _addcarry_u64(0, d0, p[0] & mask, &e0);
    carry = _addcarry_u64(carry, d1, p[1] & mask, &e1);
    carry = _addcarry_u64(carry, d2, p[2] & mask, &e2);
    (void)_addcarry_u64(carry, d3, p[3] & mask, &e3);
    r->l[0] = e0;
    r->l[1] = e1;
    r->l[2] = e2;
    r->l[3] = e3;
}

/* r = c a for the small integer c >= 1, by doublings and additions from c's top bit down. */
INLINE void fp_mul_small(fp *r, const fp *a, uint64_t c, const uint64_t *p)
{
    fp acc = *a;
    for (int bit = 62 - __builtin_clzll(c); bit >= 0; bit--)
    {
        fp_add(&acc, &acc, &acc, p);
        if ((c >> bit) & 1) fp_add(&acc, &acc, a, p);
    }
    *r = acc;
}

INLINE void fp_mul(fp *r, const fp *a, const fp *b, const uint64_t *p) { cm_montgomery_mul4(a->l, b->l, p, r->l); }

INLINE void fp_square(fp *r, const fp *a, const uint64_t *p) { cm_montgomery_mul4(a->l, a->l, p, r->l); }

INLINE void fp_double(fp *r, const fp *a, const uint64_t *p) { fp_add(r, a, a, p); }

INLINE int fp_is_zero(const fp *a) { return (a->l[0] | a->l[1] | a->l[2] | a->l[3]) == 0; }

INLINE void fp_neg(fp *r, const fp *a, const uint64_t *p)
{
    const fp zero = {{0, 0, 0, 0}};
    fp_sub(r, &zero, a, p);
}

/* ---- F_p2 ------------------------------------------------------------------------------ */

INLINE void fp2_add(fp2 *r, const fp2 *a, const fp2 *b, const uint64_t *p)
{
    fp_add(&r->c0, &a->c0, &b->c0, p);
    fp_add(&r->c1, &a->c1, &b->c1, p);
}

INLINE void fp2_sub(fp2 *r, const fp2 *a, const fp2 *b, const uint64_t *p)
{
    fp_sub(&r->c0, &a->c0, &b->c0, p);
    fp_sub(&r->c1, &a->c1, &b->c1, p);
}

INLINE void fp2_double(fp2 *r, const fp2 *a, const uint64_t *p) { fp2_add(r, a, a, p); }

INLINE void fp2_mul(fp2 *r, const fp2 *a, const fp2 *b, const uint64_t *p) { cm_fp2_mul(a, b, p, r); }

INLINE void fp2_square(fp2 *r, const fp2 *a, const uint64_t *p) { cm_fp2_square(a, p, r); }

INLINE void fp2_neg(fp2 *r, const fp2 *a, const uint64_t *p)
{
    fp_neg(&r->c0, &a->c0, p);
    fp_neg(&r->c1, &a->c1, p);
}

INLINE int fp2_is_zero(const fp2 *a) { return fp_is_zero(&a->c0) && fp_is_zero(&a->c1); }

/* r = a s for s in F_p: both coefficients scaled. */
INLINE void fp2_mul_by_base(fp2 *r, const fp2 *a, const fp *s, const uint64_t *p)
{
    cm_montgomery_mul4(a->c0.l, s->l, p, r->c0.l);
    cm_montgomery_mul4(a->c1.l, s->l, p, r->c1.l);
}

/* r = xi a for xi = c + u (c = p[5], a tower's parameter block): (c a0 - a1) + (c a1 + a0) u. */
INLINE void fp2_mul_by_xi(fp2 *r, const fp2 *a, const uint64_t *p)
{
    fp t0, t1;
    fp_mul_small(&t0, &a->c0, p[5], p);
    fp_mul_small(&t1, &a->c1, p[5], p);
    fp_sub(&t0, &t0, &a->c1, p);
    fp_add(&r->c1, &t1, &a->c0, p);
    r->c0 = t0;
}

#endif
