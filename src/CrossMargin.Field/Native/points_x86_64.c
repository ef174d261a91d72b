/*
 * Jacobian point doubling and addition on y^2 = x^3 + b (a = 0), over F_p (BN254's G1) and over
 * F_p2 = F_p[u]/(u^2 + 1) (its G2 on the twist): the native twin of JacobianPoint.cs
 * (CrossMargin.Curves), which stays the reference and the fallback. b does not enter these
 * formulas, so one set serves every such curve over a field the kernel takes. The point at
 * infinity stays with the caller: the inputs are finite, and a sum that is infinity is reported,
 * not written. Points are laid out as the C# structs are (X, Y, Z; affine X, Y); an output may
 * alias an input.
 *
 * Why native: the C# formulas call the kernel for each product already, and spent about as long
 * again on the sums and differences around them and on passing elements across.
 */
#include "field_x86_64.h"

#define ELEMENT fp
#define NAME(x) cm_fp_##x
#define F_ADD fp_add
#define F_SUB fp_sub
#define F_DOUBLE fp_double
#define F_MUL fp_mul
#define F_SQUARE fp_square
#define F_IS_ZERO fp_is_zero
#include "points.inc"
#undef ELEMENT
#undef NAME
#undef F_ADD
#undef F_SUB
#undef F_DOUBLE
#undef F_MUL
#undef F_SQUARE
#undef F_IS_ZERO

#define ELEMENT fp2
#define NAME(x) cm_fp2_##x
#define F_ADD fp2_add
#define F_SUB fp2_sub
#define F_DOUBLE fp2_double
#define F_MUL fp2_mul
#define F_SQUARE fp2_square
#define F_IS_ZERO fp2_is_zero
#include "points.inc"
