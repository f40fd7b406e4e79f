//! The global allocator of the `bulwark` program, its benches and profiling examples: mimalloc,
//! entered by its plain `mi_malloc`/`mi_realloc`/`mi_zalloc` wherever the alignment asked for is
//! one every mimalloc block already has.
//!
//! `mimalloc::MiMalloc` calls `mi_malloc_aligned` for every layout. That entry first checks the
//! alignment, then looks for a free block of the size class and tests the block's address, and
//! sends every allocation over 1 KiB (and any smaller than its alignment) through its generic
//! aligned path: about 62 instructions an allocation on average in `check` at 1,000 elements
//! (about 250,000 allocations), against about 20 for `mi_malloc`'s fast path. Almost every Rust
//! allocation asks for an alignment of 1, 2, 4 or 8 (strings, vectors of ids and pointers, `Arc`s),
//! and mimalloc's blocks are all at least 8-aligned (every size class is a multiple of the word
//! size and every page's first block is 16-aligned), so those go straight to the plain entries;
//! larger alignments keep the aligned ones (issue 15).

use libmimalloc_sys as ffi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// The alignment every block `mi_malloc` returns has, whatever its size.
const PLAIN_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc with its unaligned entry points where they suffice (see the module).
pub struct MiMalloc;

// SAFETY: every block comes from mimalloc and is freed or resized by it; a layout's alignment is
// met by the plain entries when it is at most the word size (mimalloc's blocks are multiples of
// the word size from 16-aligned page starts) and by the aligned entries otherwise.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                ffi::mi_malloc(layout.size()) as *mut u8
            } else {
                ffi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                ffi::mi_zalloc(layout.size()) as *mut u8
            } else {
                ffi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator.
        unsafe { ffi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`; the new block keeps its alignment.
        unsafe {
            if layout.align() <= PLAIN_ALIGN {
                ffi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                ffi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every alignment from 1 to 4 KiB, at sizes around each size class's edges, is met, and
    /// contents survive growing and shrinking.
    #[test]
    fn blocks_meet_their_alignment_and_keep_their_contents() {
        let a = MiMalloc;
        let mut align = 1;
        while align <= 4096 {
            for size in [
                1usize, 3, 7, 8, 9, 15, 16, 17, 24, 31, 48, 100, 1024, 1025, 5000, 70_000,
            ] {
                let layout = Layout::from_size_align(size, align).expect("valid layout");
                // SAFETY: non-zero sizes; each block is freed once, with its layout.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    std::ptr::write_bytes(p, 0xa5, size);
                    let q = a.realloc(p, layout, size * 3 + 1);
                    assert_eq!(q as usize % align, 0, "grown: size {size} align {align}");
                    assert!((0..size).all(|i| *q.add(i) == 0xa5));
                    let grown = Layout::from_size_align(size * 3 + 1, align).expect("valid layout");
                    let r = a.realloc(q, grown, size.div_ceil(2));
                    assert_eq!(r as usize % align, 0, "shrunk: size {size} align {align}");
                    assert!((0..size.div_ceil(2)).all(|i| *r.add(i) == 0xa5));
                    a.dealloc(
                        r,
                        Layout::from_size_align(size.div_ceil(2), align).expect("valid layout"),
                    );
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0, "zeroed: size {size} align {align}");
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    a.dealloc(z, layout);
                }
            }
            align *= 2;
        }
    }
}
