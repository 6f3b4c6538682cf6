//! What the code names, gathered once for every rule: each path (in `use` trees,
//! expressions, types, patterns, attributes, and inside macro invocations) resolved to
//! where it points, each macro invocation, each method call's name, and each function's
//! extent. Test code (`#[cfg(test)]` items, `#[test]` functions) is not gathered.

use proc_macro2::{Delimiter, Spacing, Span, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::visit::{self, Visit};
use syn::{
    Block, Expr, ExprMethodCall, ImplItem, Item, ItemFn, ItemMod, ItemUse, Local, Macro, Path,
    Signature, Stmt, TraitItem, Visibility,
};

use crate::scope::{Modules, Place, Raw, Table, flatten, leading};
use crate::tree::{Source, is_test};

/// Where something was written: the module, the file and the line.
#[derive(Clone, Debug)]
pub struct At {
    pub module: Raw,
    pub file: String,
    pub line: usize,
}

/// What a rule may look at.
#[derive(Debug)]
pub enum Named {
    /// A path, resolved (`["std", "env", "var"]`, `["crate", "wait", "Answer"]`); a glob
    /// import ends in `*`.
    Path(Raw),
    /// A macro invocation, resolved; a bare name no `use` brought is the standard
    /// library's (`println!` is `["std", "println"]`).
    Macro(Raw),
    /// A method call's name (`.write_all(…)`): the receiver's type is not known here.
    Method(String),
}

/// A function with a body: its name and its first and last lines.
pub struct Function {
    pub at: At,
    pub name: String,
    pub last_line: usize,
}

#[derive(Default)]
pub struct Facts {
    pub named: Vec<(At, Named)>,
    pub functions: Vec<Function>,
}

/// Gathers the facts of every source.
pub fn gather(sources: &[Source], modules: &Modules) -> Facts {
    let mut facts = Facts::default();
    for source in sources {
        let mut collector = Collector {
            modules,
            file: &source.rel,
            module: source.module.clone(),
            blocks: Vec::new(),
            facts: &mut facts,
        };
        collector.visit_file(&source.file);
    }
    facts
}

struct Collector<'a> {
    modules: &'a Modules,
    file: &'a str,
    module: Raw,
    blocks: Vec<Table>,
    facts: &'a mut Facts,
}

impl Collector<'_> {
    fn at(&self, span: Span) -> At {
        self.at_line(span.start().line)
    }

    fn at_line(&self, line: usize) -> At {
        At {
            module: self.module.clone(),
            file: self.file.to_string(),
            line,
        }
    }

    fn resolve(&self, raw: &[String]) -> Option<Raw> {
        let place = Place {
            modules: self.modules,
            module: &self.module,
            blocks: &self.blocks,
        };
        place.resolve(raw)
    }

    fn name_path(&mut self, raw: &[String], span: Span) {
        if let Some(path) = self.resolve(raw) {
            let at = self.at(span);
            self.facts.named.push((at, Named::Path(path)));
        }
    }

    fn name_macro(&mut self, raw: &[String], span: Span) {
        let path = match self.resolve(raw) {
            Some(path) => path,
            None => ["std".to_string()]
                .into_iter()
                .chain(raw.iter().cloned())
                .collect(),
        };
        let at = self.at(span);
        self.facts.named.push((at, Named::Macro(path)));
    }

    fn function(&mut self, vis: &Visibility, sig: &Signature, body: &Block) {
        let first = match vis {
            Visibility::Public(p) => p.span,
            Visibility::Restricted(r) => r.pub_token.span,
            Visibility::Inherited => signature_start(sig),
        };
        self.facts.functions.push(Function {
            at: self.at(first),
            name: sig.ident.to_string(),
            last_line: body.brace_token.span.close().end().line,
        });
    }

    /// A macro's arguments: as expressions or statements where they parse so (most
    /// macros: `println!`, `write!`, `format!`, `assert!`), else token by token.
    fn macro_body(&mut self, tokens: &TokenStream) {
        let exprs = syn::parse::Parser::parse2(
            Punctuated::<Expr, syn::Token![,]>::parse_terminated,
            tokens.clone(),
        );
        if let Ok(exprs) = exprs {
            return exprs.iter().for_each(|e| self.visit_expr(e));
        }
        if let Ok(stmts) = syn::parse::Parser::parse2(Block::parse_within, tokens.clone()) {
            return stmts.iter().for_each(|s| self.visit_stmt(s));
        }
        self.scan(tokens.clone());
    }

    /// Paths (`a::b::c`, `::a`, `$crate::a`) and macro invocations in raw tokens.
    fn scan(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            let Some((raw, span, next)) = path_at(&trees, i) else {
                if let TokenTree::Group(g) = &trees[i] {
                    self.scan(g.stream());
                }
                i += 1;
                continue;
            };
            let bang = matches!(trees.get(next), Some(TokenTree::Punct(p)) if p.as_char() == '!');
            match trees.get(next + 1) {
                Some(TokenTree::Group(g)) if bang && g.delimiter() != Delimiter::None => {
                    self.name_macro(&raw, span);
                    self.macro_body(&g.stream());
                    i = next + 2;
                }
                _ => {
                    self.name_path(&raw, span);
                    i = next;
                }
            }
        }
    }
}

fn signature_start(sig: &Signature) -> Span {
    let safety = match &sig.safety {
        syn::Safety::Safe(t) => Some(t.span),
        syn::Safety::Unsafe(t) => Some(t.span),
        syn::Safety::Default => None,
    };
    (sig.constness.as_ref().map(|t| t.span))
        .or(sig.asyncness.as_ref().map(|t| t.span))
        .or(safety)
        .or(sig.abi.as_ref().map(|a| a.extern_token.span))
        .unwrap_or(sig.fn_token.span)
}

/// A path starting at `trees[i]`: its segments, the first one's span, and the index after,
/// which is always past `i`, so a scan moves on. A `::` that no name follows (the turbofish
/// of `collect::<Vec<_>>()`) starts no path.
fn path_at(trees: &[TokenTree], i: usize) -> Option<(Raw, Span, usize)> {
    let (mut raw, span, mut j) = match (&trees[i], trees.get(i + 1)) {
        (TokenTree::Punct(p), Some(TokenTree::Ident(id))) if p.as_char() == '$' => {
            (vec![format!("${id}")], id.span(), i + 2)
        }
        (TokenTree::Ident(id), _) => (vec![id.to_string()], id.span(), i + 1),
        _ if is_path_sep(trees, i) => (vec![String::new()], trees[i].span(), i),
        _ => return None,
    };
    while is_path_sep(trees, j) {
        let Some(TokenTree::Ident(id)) = trees.get(j + 2) else {
            break;
        };
        raw.push(id.to_string());
        j += 3;
    }
    // A leading `::` with no name after it read nothing: no path, and no step forward.
    (j > i).then_some((raw, span, j))
}

fn is_path_sep(trees: &[TokenTree], i: usize) -> bool {
    match (trees.get(i), trees.get(i + 1)) {
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) => {
            a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
        }
        _ => false,
    }
}

fn path_raw(path: &Path) -> Raw {
    let segments = path.segments.iter().map(|s| s.ident.to_string());
    leading(path.leading_colon.is_some())
        .into_iter()
        .chain(segments)
        .collect()
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        if item_is_test(item) {
            return;
        }
        if let Item::Verbatim(tokens) = item {
            return self.scan(tokens.clone());
        }
        visit::visit_item(self, item);
    }

    fn visit_impl_item(&mut self, item: &'ast ImplItem) {
        let attrs = match item {
            ImplItem::Const(i) => &i.attrs,
            ImplItem::Fn(i) => &i.attrs,
            ImplItem::Type(i) => &i.attrs,
            ImplItem::Macro(i) => &i.attrs,
            _ => return,
        };
        if !is_test(attrs) {
            visit::visit_impl_item(self, item);
        }
    }

    fn visit_trait_item(&mut self, item: &'ast TraitItem) {
        let attrs = match item {
            TraitItem::Const(i) => &i.attrs,
            TraitItem::Fn(i) => &i.attrs,
            TraitItem::Type(i) => &i.attrs,
            TraitItem::Macro(i) => &i.attrs,
            _ => return,
        };
        if !is_test(attrs) {
            visit::visit_trait_item(self, item);
        }
    }

    fn visit_local(&mut self, local: &'ast Local) {
        if !is_test(&local.attrs) {
            visit::visit_local(self, local);
        }
    }

    /// An inline module is a new scope: it sees none of the blocks around it.
    fn visit_item_mod(&mut self, item: &'ast ItemMod) {
        let Some((_, items)) = &item.content else {
            return;
        };
        let blocks = std::mem::take(&mut self.blocks);
        self.module.push(item.ident.to_string());
        items.iter().for_each(|i| self.visit_item(i));
        self.module.pop();
        self.blocks = blocks;
    }

    fn visit_block(&mut self, block: &'ast Block) {
        let items = block.stmts.iter().filter_map(|s| match s {
            Stmt::Item(item) => Some(item),
            _ => None,
        });
        self.blocks.push(Table::of(items));
        visit::visit_block(self, block);
        self.blocks.pop();
    }

    fn visit_item_use(&mut self, item: &'ast ItemUse) {
        for entry in flatten(&item.tree, leading(item.leading_colon.is_some())) {
            let Some(mut path) = self.resolve(&entry.path) else {
                continue;
            };
            if entry.glob {
                path.push("*".to_string());
            }
            let at = self.at_line(entry.line);
            self.facts.named.push((at, Named::Path(path)));
        }
    }

    /// `pub(in crate::x)` says who may see an item; it imports nothing.
    fn visit_vis_restricted(&mut self, _: &'ast syn::VisRestricted) {}

    fn visit_path(&mut self, path: &'ast Path) {
        let span = match (&path.leading_colon, path.segments.first()) {
            (Some(colon), _) => colon.spans[0],
            (None, Some(first)) => first.ident.span(),
            (None, None) => return,
        };
        self.name_path(&path_raw(path), span);
        visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        let span = mac
            .path
            .segments
            .last()
            .map_or(Span::call_site(), |s| s.ident.span());
        self.name_macro(&path_raw(&mac.path), span);
        self.macro_body(&mac.tokens);
    }

    fn visit_expr_method_call(&mut self, call: &'ast ExprMethodCall) {
        let at = self.at(call.method.span());
        let name = call.method.to_string();
        self.facts.named.push((at, Named::Method(name)));
        visit::visit_expr_method_call(self, call);
    }

    fn visit_item_fn(&mut self, item: &'ast ItemFn) {
        self.function(&item.vis, &item.sig, &item.block);
        visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.function(&item.vis, &item.sig, &item.block);
        visit::visit_impl_item_fn(self, item);
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if let Some(body) = &item.default {
            self.function(&Visibility::Inherited, &item.sig, body);
        }
        visit::visit_trait_item_fn(self, item);
    }
}

fn item_is_test(item: &Item) -> bool {
    let attrs = match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => return false,
    };
    is_test(attrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every place a scan can stand in a macro body moves it forward: a turbofish inside
    /// `json!({… .collect::<Vec<_>>() …})` (no expression, so scanned token by token) once
    /// returned its own index and looped forever.
    #[test]
    fn a_path_always_ends_past_where_it_starts() {
        let body: TokenStream =
            r#"{ "ids": ids.iter().collect::<Vec<_>>(), "all": ::std::vec::Vec::<u8>::new() }"#
                .parse()
                .unwrap();
        let Some(TokenTree::Group(object)) = body.into_iter().next() else {
            panic!("one brace group");
        };
        let trees: Vec<TokenTree> = object.stream().into_iter().collect();
        let mut turbofish = 0;
        for i in 0..trees.len() {
            if let Some((raw, _, next)) = path_at(&trees, i) {
                assert!(next > i, "the path {raw:?} at {i} ends at {next}");
            }
            turbofish += usize::from(is_path_sep(&trees, i) && path_at(&trees, i).is_none());
        }
        assert_eq!(turbofish, 2, "both `::<` start no path");
    }
}
