/*
 * The pairing tower F_p12 = F_p6[w]/(w^2 - v), F_p6 = F_p2[v]/(v^3 - xi), F_p2 = F_p[u]/(u^2 + 1),
 * for xi = c + u with a small integer c (BN254: c = 9; BLS12-381: c = 1): the native twin of
 * Fp12.cs and Fp6.cs, and of the Miller loop's steps on the twist (MillerSteps.cs), which stay
 * the reference and the fallback. The same formulas, term for term; every element is kept
 * reduced below p, so the results are the C# results bit for bit.
 *
 * Why native: in the C# tower the F_p2 products already run in the assembly kernel
 * (montgomery_x86_64.S), and what remained was everything around them, the F_p2 sums,
 * differences and products by xi, each a call on structs passed by reference. A pairing spent
 * about two thirds of its time there. Here those are a few inlined instructions each.
 *
 * Elements are laid out as the C# structs are (field_x86_64.h). The parameter block is the
 * assembly's (p0..p3, n0) followed by c: uint64_t params[6].
 *
 * Every entry point allows its output to alias its inputs: results are built in locals and
 * stored last.
 */
#include "field_x86_64.h"

/* ---- F_p6 (Fp6.cs) ---------------------------------------------------------------------- */

/* r = (a + b)(c + d) - ac - bd = ad + bc, Karatsuba's cross term, with ac and bd known. */
INLINE void fp2_cross(fp2 *r, const fp2 *a, const fp2 *b, const fp2 *c, const fp2 *d, const fp2 *ac, const fp2 *bd, const uint64_t *p)
{
    fp2 s, t;
    fp2_add(&s, a, b, p);
    fp2_add(&t, c, d, p);
    fp2_mul(r, &s, &t, p);
    fp2_sub(r, r, ac, p);
    fp2_sub(r, r, bd, p);
}

INLINE void fp6_add(fp6 *r, const fp6 *a, const fp6 *b, const uint64_t *p)
{
    fp2_add(&r->c0, &a->c0, &b->c0, p);
    fp2_add(&r->c1, &a->c1, &b->c1, p);
    fp2_add(&r->c2, &a->c2, &b->c2, p);
}

INLINE void fp6_sub(fp6 *r, const fp6 *a, const fp6 *b, const uint64_t *p)
{
    fp2_sub(&r->c0, &a->c0, &b->c0, p);
    fp2_sub(&r->c1, &a->c1, &b->c1, p);
    fp2_sub(&r->c2, &a->c2, &b->c2, p);
}

/* r = v a = xi a2 + a0 v + a1 v^2. */
INLINE void fp6_mul_by_v(fp6 *r, const fp6 *a, const uint64_t *p)
{
    fp2 c0;
    fp2_mul_by_xi(&c0, &a->c2, p);
    fp2 c1 = a->c0, c2 = a->c1;
    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

/* Karatsuba over F_p2 (Fp6.Mul): six products. */
static void fp6_mul(fp6 *r, const fp6 *a, const fp6 *b, const uint64_t *p)
{
    fp2 v0, v1, v2, c0, c1, c2, x;
    fp2_mul(&v0, &a->c0, &b->c0, p);
    fp2_mul(&v1, &a->c1, &b->c1, p);
    fp2_mul(&v2, &a->c2, &b->c2, p);

    fp2_cross(&c0, &a->c1, &a->c2, &b->c1, &b->c2, &v1, &v2, p);
    fp2_mul_by_xi(&c0, &c0, p);
    fp2_add(&c0, &c0, &v0, p);

    fp2_cross(&c1, &a->c0, &a->c1, &b->c0, &b->c1, &v0, &v1, p);
    fp2_mul_by_xi(&x, &v2, p);
    fp2_add(&c1, &c1, &x, p);

    fp2_cross(&c2, &a->c0, &a->c2, &b->c0, &b->c2, &v0, &v2, p);
    fp2_add(&c2, &c2, &v1, p);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

/* r = a (b0 + b1 v) (Fp6.MulBy01): five products. */
static void fp6_mul_by_01(fp6 *r, const fp6 *a, const fp2 *b0, const fp2 *b1, const uint64_t *p)
{
    fp2 v0, v1, s, c0, c1, c2;
    fp2_mul(&v0, &a->c0, b0, p);
    fp2_mul(&v1, &a->c1, b1, p);

    fp2_mul(&c0, &a->c2, b1, p);
    fp2_mul_by_xi(&c0, &c0, p);
    fp2_add(&c0, &c0, &v0, p);

    fp2_cross(&c1, &a->c0, &a->c1, b0, b1, &v0, &v1, p);

    fp2_add(&s, &a->c0, &a->c2, p);
    fp2_mul(&c2, &s, b0, p);
    fp2_sub(&c2, &c2, &v0, p);
    fp2_add(&c2, &c2, &v1, p);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

/* r = a s for s in F_p2. */
INLINE void fp6_mul_by_base(fp6 *r, const fp6 *a, const fp2 *s, const uint64_t *p)
{
    fp2_mul(&r->c0, &a->c0, s, p);
    fp2_mul(&r->c1, &a->c1, s, p);
    fp2_mul(&r->c2, &a->c2, s, p);
}

/* ---- F_p12 (Fp12.cs): the entry points ------------------------------------------------- */

/* Fp12.Mul: Karatsuba over F_p6, r = (v0 + v v1) + ((a0 + a1)(b0 + b1) - v0 - v1) w. */
void cm_fp12_mul(const fp12 *a, const fp12 *b, const uint64_t *p, fp12 *r)
{
    fp6 v0, v1, s, t, c0, c1;
    fp6_mul(&v0, &a->c0, &b->c0, p);
    fp6_mul(&v1, &a->c1, &b->c1, p);
    fp6_add(&s, &a->c0, &a->c1, p);
    fp6_add(&t, &b->c0, &b->c1, p);
    fp6_mul(&c1, &s, &t, p);
    fp6_sub(&c1, &c1, &v0, p);
    fp6_sub(&c1, &c1, &v1, p);
    fp6_mul_by_v(&c0, &v1, p);
    fp6_add(&c0, &c0, &v0, p);
    r->c0 = c0;
    r->c1 = c1;
}

/* Fp12.Square: complex squaring, m = a0 a1, r = ((a0 + a1)(a0 + v a1) - m - v m) + 2m w. */
void cm_fp12_square(const fp12 *a, const uint64_t *p, fp12 *r)
{
    fp6 m, s, t, c0, vm, c1;
    fp6_mul(&m, &a->c0, &a->c1, p);
    fp6_add(&s, &a->c0, &a->c1, p);
    fp6_mul_by_v(&t, &a->c1, p);
    fp6_add(&t, &t, &a->c0, p);
    fp6_mul(&c0, &s, &t, p);
    fp6_sub(&c0, &c0, &m, p);
    fp6_mul_by_v(&vm, &m, p);
    fp6_sub(&c0, &c0, &vm, p);
    fp6_add(&c1, &m, &m, p);
    r->c0 = c0;
    r->c1 = c1;
}

/* Fp12.MulBy034: r = a (b0 + b3 w + b4 w^3). */
void cm_fp12_mul_by_034(const fp12 *a, const fp2 *b0, const fp2 *b3, const fp2 *b4, const uint64_t *p, fp12 *r)
{
    fp6 a0l0, a1l1, s, c0, c1;
    fp2 t0;
    fp6_mul_by_base(&a0l0, &a->c0, b0, p);
    fp6_mul_by_01(&a1l1, &a->c1, b3, b4, p);
    fp6_add(&s, &a->c0, &a->c1, p);
    fp2_add(&t0, b0, b3, p);
    fp6_mul_by_01(&c1, &s, &t0, b4, p);
    fp6_sub(&c1, &c1, &a0l0, p);
    fp6_sub(&c1, &c1, &a1l1, p);
    fp6_mul_by_v(&c0, &a1l1, p);
    fp6_add(&c0, &c0, &a0l0, p);
    r->c0 = c0;
    r->c1 = c1;
}

/* Fp12.Mul034By034: the product of two lines a0 + a3 w + a4 w^3 and b0 + b3 w + b4 w^3. */
void cm_fp12_mul_034_by_034(const fp2 *a0, const fp2 *a3, const fp2 *a4, const fp2 *b0, const fp2 *b3, const fp2 *b4,
                            const uint64_t *p, fp12 *r)
{
    fp2 x00, x33, x44, w0, w1, w3, w4;
    fp2_mul(&x00, a0, b0, p);
    fp2_mul(&x33, a3, b3, p);
    fp2_mul(&x44, a4, b4, p);

    fp2_cross(&w1, a0, a3, b0, b3, &x00, &x33, p);
    fp2_cross(&w3, a0, a4, b0, b4, &x00, &x44, p);
    fp2_cross(&w4, a3, a4, b3, b4, &x33, &x44, p);

    fp2_mul_by_xi(&w0, &x44, p);
    fp2_add(&w0, &w0, &x00, p);

    r->c0.c0 = w0;
    r->c0.c1 = x33;
    r->c0.c2 = w4;
    r->c1.c0 = w1;
    r->c1.c1 = w3;
    r->c1.c2 = (fp2){0};
}

/* Fp12.MulByLineProduct: r = a l for l with l.c1.c2 = 0. */
void cm_fp12_mul_by_line_product(const fp12 *a, const fp12 *l, const uint64_t *p, fp12 *r)
{
    fp6 v0, v1, s, t, c0, c1;
    fp6_mul(&v0, &a->c0, &l->c0, p);
    fp6_mul_by_01(&v1, &a->c1, &l->c1.c0, &l->c1.c1, p);
    fp6_add(&s, &a->c0, &a->c1, p);
    fp6_add(&t, &l->c0, &l->c1, p);
    fp6_mul(&c1, &s, &t, p);
    fp6_sub(&c1, &c1, &v0, p);
    fp6_sub(&c1, &c1, &v1, p);
    fp6_mul_by_v(&c0, &v1, p);
    fp6_add(&c0, &c0, &v0, p);
    r->c0 = c0;
    r->c1 = c1;
}

/* (x + y t)^2 in F_p2[t]/(t^2 - xi): x^2 + xi y^2 and (x + y)^2 - x^2 - y^2. */
INLINE void fp4_square(fp2 *rx, fp2 *ry, const fp2 *x, const fp2 *y, const uint64_t *p)
{
    fp2 x2, y2, s;
    fp2_square(&x2, x, p);
    fp2_square(&y2, y, p);
    fp2_add(&s, x, y, p);
    fp2_square(&s, &s, p);
    fp2_sub(&s, &s, &x2, p);
    fp2_sub(ry, &s, &y2, p);
    fp2_mul_by_xi(&y2, &y2, p);
    fp2_add(rx, &x2, &y2, p);
}

/* 3 s - 2 z = 2(s - z) + s. */
INLINE void three_minus_two(fp2 *r, const fp2 *s, const fp2 *z, const uint64_t *p)
{
    fp2 t;
    fp2_sub(&t, s, z, p);
    fp2_double(&t, &t, p);
    fp2_add(r, &t, s, p);
}

/* 3 s + 2 z = 2(s + z) + s. */
INLINE void three_plus_two(fp2 *r, const fp2 *s, const fp2 *z, const uint64_t *p)
{
    fp2 t;
    fp2_add(&t, s, z, p);
    fp2_double(&t, &t, p);
    fp2_add(r, &t, s, p);
}

/* Fp12.CyclotomicSquare: Granger and Scott's squaring, for a in the cyclotomic subgroup. */
void cm_fp12_cyclotomic_square(const fp12 *a, const uint64_t *p, fp12 *r)
{
    fp2 a2x, a2y, b2x, b2y, c2x, c2y, yc2x;
    fp2 ax, ay, bx, by, cx, cy;
    fp4_square(&a2x, &a2y, &a->c0.c0, &a->c1.c1, p);
    fp4_square(&b2x, &b2y, &a->c1.c0, &a->c0.c2, p);
    fp4_square(&c2x, &c2y, &a->c0.c1, &a->c1.c2, p);

    three_minus_two(&ax, &a2x, &a->c0.c0, p);
    three_plus_two(&ay, &a2y, &a->c1.c1, p);
    fp2_mul_by_xi(&yc2x, &c2y, p);
    three_plus_two(&bx, &yc2x, &a->c1.c0, p);
    three_minus_two(&by, &c2x, &a->c0.c2, p);
    three_minus_two(&cx, &b2x, &a->c0.c1, p);
    three_plus_two(&cy, &b2y, &a->c1.c2, p);

    r->c0.c0 = ax;
    r->c0.c1 = cx;
    r->c0.c2 = by;
    r->c1.c0 = bx;
    r->c1.c1 = ay;
    r->c1.c2 = cy;
}

/* ---- The Miller loop's steps on a D-type sextic twist (MillerSteps.cs) ---------------------- */

/* A point of the twist in homogeneous projective coordinates, as MillerSteps.HomogeneousPoint. */
typedef struct { fp2 x, y, z; } twist_point;

/*
 * MillerSteps.Double with the tangent evaluated at P = (px, py): T = 2T, and line = (c0, c3, c4)
 * = (-h yP, 3 X^2 xP, e - b), for b = Y^2, e = 3b' Z^2, h = 2YZ.
 */
void cm_twist_double_step(twist_point *t, const fp2 *three_b, const fp *px, const fp *py, const uint64_t *p, fp2 line[3])
{
    fp2 xy, b, c, e, f, h, j, x3, y3, e2, e12, z3, l0, l3;
    fp2_mul(&xy, &t->x, &t->y, p);
    fp2_square(&b, &t->y, p);
    fp2_square(&c, &t->z, p);
    fp2_mul(&e, &c, three_b, p);
    fp2_double(&f, &e, p);
    fp2_add(&f, &f, &e, p);
    fp2_add(&h, &t->y, &t->z, p);
    fp2_square(&h, &h, p);
    fp2_sub(&h, &h, &b, p);
    fp2_sub(&h, &h, &c, p);
    fp2_square(&j, &t->x, p);

    fp2_neg(&l0, &h, p);
    fp2_double(&l3, &j, p);
    fp2_add(&l3, &l3, &j, p);
    fp2_mul_by_base(&line[0], &l0, py, p);
    fp2_mul_by_base(&line[1], &l3, px, p);
    fp2_sub(&line[2], &e, &b, p);

    fp2_sub(&x3, &b, &f, p);
    fp2_mul(&x3, &x3, &xy, p);
    fp2_double(&t->x, &x3, p);

    fp2_add(&y3, &b, &f, p);
    fp2_square(&y3, &y3, p);
    fp2_square(&e2, &e, p);
    fp2_double(&e2, &e2, p);      /* 2e^2 */
    fp2_add(&e12, &e2, &e2, p);   /* 4e^2 */
    fp2_add(&e12, &e12, &e2, p);  /* 6e^2 */
    fp2_double(&e12, &e12, p);    /* 12e^2 */
    fp2_sub(&t->y, &y3, &e12, p);

    fp2_mul(&z3, &b, &h, p);
    fp2_double(&z3, &z3, p);
    fp2_double(&t->z, &z3, p);
}

/*
 * MillerSteps.Add with the chord evaluated at P: T = T + Q for affine Q = (qx, qy), and line
 * = (lambda yP, -theta xP, theta xQ - lambda yQ), for theta = Y - yQ Z, lambda = X - xQ Z.
 */
void cm_twist_add_step(twist_point *t, const fp2 *qx, const fp2 *qy, const fp *px, const fp *py, const uint64_t *p, fp2 line[3])
{
    fp2 theta, lambda, c, d, e, f, g, h, x3, y3, ey, z3, l3, l4, lambda_qy;
    fp2_mul(&theta, qy, &t->z, p);
    fp2_sub(&theta, &t->y, &theta, p);
    fp2_mul(&lambda, qx, &t->z, p);
    fp2_sub(&lambda, &t->x, &lambda, p);
    fp2_square(&c, &theta, p);
    fp2_square(&d, &lambda, p);
    fp2_mul(&e, &lambda, &d, p);
    fp2_mul(&f, &t->z, &c, p);
    fp2_mul(&g, &t->x, &d, p);
    fp2_double(&h, &g, p);
    fp2_sub(&h, &f, &h, p);
    fp2_add(&h, &h, &e, p);

    fp2_mul(&x3, &lambda, &h, p);
    fp2_sub(&y3, &g, &h, p);
    fp2_mul(&y3, &theta, &y3, p);
    fp2_mul(&ey, &e, &t->y, p);
    fp2_sub(&y3, &y3, &ey, p);
    fp2_mul(&z3, &t->z, &e, p);
    t->x = x3;
    t->y = y3;
    t->z = z3;

    fp2_mul(&l4, &theta, qx, p);
    fp2_mul(&lambda_qy, &lambda, qy, p);
    fp2_sub(&l4, &l4, &lambda_qy, p);
    fp2_neg(&l3, &theta, p);
    fp2_mul_by_base(&line[0], &lambda, py, p);
    fp2_mul_by_base(&line[1], &l3, px, p);
    line[2] = l4;
}
