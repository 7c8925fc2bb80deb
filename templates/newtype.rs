/// `Deref` to the inner type and `From` into it of a newtype (`pub struct Name(pub Inner)`),
/// and, unless the inner type's values are constrained (`from_inner`), `From` the inner type.
/// typify writes these impls for every newtype; the generator writes them once, here, and
/// calls this macro for each.
#[allow(unused_macros)]
macro_rules! newtype {
    ($name:ident($inner:ty)) => {
        impl ::std::ops::Deref for $name {
            type Target = $inner;
            fn deref(&self) -> &$inner {
                &self.0
            }
        }
        impl ::std::convert::From<$name> for $inner {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
    ($name:ident($inner:ty), from_inner) => {
        newtype!($name($inner));
        impl ::std::convert::From<$inner> for $name {
            fn from(value: $inner) -> Self {
                Self(value)
            }
        }
    };
}
