//! The parts every long list shares: how many it holds, its numbered pages, and column headers
//! that order it. Each list gives a function that writes its own address for a page or an order
//! (its filters kept), so the links stay true to what the person asked for.

use crate::i18n::Lang;
use lode_db::{Sort, SortKey, Total};
use maud::{Markup, html};

/// "1.234 kết quả", or "Hơn 10.000 kết quả" where counting stopped; nothing when the list
/// could not be counted in time.
pub fn total_line(l: Lang, total: Option<Total>) -> Markup {
    html! {
        @if let Some(t) = total {
            p.list-total role="status" {
                (l.fill(if t.more { "list.total_more" } else { "list.total" },
                    // the figure as the reader writes it; the number itself for one or many
                    &serde_json::json!({"count": l.number(t.count), "n": t.count})))
            }
        }
    }
}

/// A list's less-used filters, folded away under "more filters" (open when one is in use), with
/// their own buttons where they are chosen: apply, or clear every filter (back to `list`).
pub fn more_filters(l: Lang, open: bool, list: &str, fields: Markup) -> Markup {
    html! {
        details.more-filters open[open] {
            summary { (l.t("filter.more")) }
            div.filter-grid { (fields) }
            p.filter-actions {
                button type="submit" { (l.t("filter.apply")) }
                " " a href=(list) { (l.t("filter.clear")) }
            }
        }
    }
}

/// A list's address as it is written: the filters in use (empty ones left out), then the order
/// when it is not the list's usual one, and the page after the first.
pub struct Address(url::form_urlencoded::Serializer<'static, String>);

/// The pairs that have a value, as an address or a form carries them on.
pub fn present<const N: usize>(
    pairs: [(&'static str, Option<String>); N],
) -> Vec<(&'static str, String)> {
    pairs
        .into_iter()
        .filter_map(|(k, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (k, v)))
        .collect()
}

impl Address {
    pub fn new() -> Self {
        Address(url::form_urlencoded::Serializer::new(String::new()))
    }

    pub fn texts(mut self, pairs: &[(&str, &Option<String>)]) -> Self {
        for (k, v) in pairs {
            if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                self.0.append_pair(k, v);
            }
        }
        self
    }

    pub fn numbers(mut self, pairs: &[(&str, Option<i64>)]) -> Self {
        for (k, v) in pairs {
            if let Some(v) = v {
                self.0.append_pair(k, &v.to_string());
            }
        }
        self
    }

    pub fn pair(mut self, key: &str, value: Option<&str>) -> Self {
        if let Some(v) = value {
            self.0.append_pair(key, v);
        }
        self
    }

    /// Pairs kept as they are (the filters a list was opened with).
    pub fn pairs(mut self, pairs: &[(&str, String)]) -> Self {
        for (k, v) in pairs {
            self.0.append_pair(k, v);
        }
        self
    }

    /// The list in `sort` (its best answers first with `None`), as `order` reads an address:
    /// a search's other orders are written even when usual.
    pub fn ordered<K: SortKey>(self, order: ListOrder<K>, sort: Option<Sort<K>>) -> Self {
        match sort {
            None => self,
            Some(s) if order.searching => self.pair("sort", Some(&s.param())),
            Some(s) => self.sort(s, order.usual),
        }
    }

    pub fn sort<K: SortKey>(self, sort: Sort<K>, usual: Sort<K>) -> Self {
        let param = (sort != usual).then(|| sort.param());
        self.pair("sort", param.as_deref())
    }

    pub fn page(self, page: i64) -> Self {
        let param = (page > 1).then(|| page.to_string());
        self.pair("page", param.as_deref())
    }

    /// The address of `path` with the query written so far.
    pub fn at(mut self, path: &str) -> String {
        let query = self.0.finish();
        if query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{query}")
        }
    }
}

impl Default for Address {
    fn default() -> Self {
        Self::new()
    }
}

/// The numbered pages around the current one, with the first, the previous, the next and (when
/// the total is known) the last. `more` says whether rows follow this page.
pub fn pager(
    l: Lang,
    page: i64,
    limit: i64,
    total: Option<Total>,
    more: bool,
    link: impl Fn(i64) -> String,
) -> Markup {
    let exact_pages = total
        .filter(|t| !t.more)
        .map(|t| ((t.count + limit - 1) / limit).max(1));
    // as far as is known to exist: the counted pages, else at least the next one
    let known_last = exact_pages.unwrap_or(if more { page + 1 } else { page });
    if known_last <= 1 && page <= 1 {
        return html! {};
    }
    // around the page; past the end of the list, its last pages
    let around = page.min(known_last);
    let window: Vec<i64> = ((around - 2).max(1)..=(around + 2).min(known_last)).collect();
    html! {
        nav.pager aria-label=(l.t("list.pages")) {
            span.page-of {
                @match exact_pages {
                    Some(pages) if page <= pages => (l.fill("list.page_of", &serde_json::json!({"page": l.number(page), "pages": l.number(pages)}))),
                    _ => (l.fill("list.page_n", &serde_json::json!({"page": l.number(page)}))),
                }
            }
            @if page > 1 {
                a href=(link(page - 1)) rel="prev" { "← " (l.t("list.previous")) }
            }
            @if window.first().is_some_and(|&f| f > 1) {
                a href=(link(1)) { "1" }
                @if window.first().is_some_and(|&f| f > 2) { span.gap aria-hidden="true" { "…" } }
            }
            @for p in &window {
                @if *p == page {
                    span.current aria-current="page" { (l.number(*p)) }
                } @else {
                    a href=(link(*p)) { (l.number(*p)) }
                }
            }
            @if let Some(last) = exact_pages.filter(|&last| window.last().is_some_and(|&w| w < last)) {
                @if window.last().is_some_and(|&w| w + 1 < last) { span.gap aria-hidden="true" { "…" } }
                a href=(link(last)) { (l.number(last)) }
            }
            @if more {
                a href=(link(page + 1)) rel="next" { (l.t("list.next")) " →" }
            }
        }
    }
}

/// A column header that orders the list by `by`: pressed again, the order turns round. The
/// header says which way the list is ordered to screen readers (`aria-sort`) and to the eye.
pub fn sort_header<K: SortKey>(
    l: Lang,
    label: &str,
    by: K,
    current: Option<Sort<K>>,
    link: impl Fn(Sort<K>) -> String,
) -> Markup {
    let active = current.filter(|c| c.by == by);
    let next = Sort {
        by,
        descending: active.map_or(by.starts_descending(), |c| !c.descending),
    };
    let state = match active {
        None => "none",
        Some(c) if c.descending => "descending",
        Some(_) => "ascending",
    };
    let title = l.fill("list.sort_by", &serde_json::json!({"column": label}));
    html! {
        th aria-sort=(state) {
            a.sort href=(link(next)) title=(title) {
                (label)
                " "
                @if let Some(c) = active {
                    span aria-hidden="true" { @if c.descending { "▼" } @else { "▲" } }
                    span.visually-hidden { " (" (l.t(if c.descending { "list.sorted_desc" } else { "list.sorted_asc" })) ")" }
                } @else {
                    span.sortable aria-hidden="true" { "↕" }
                }
            }
        }
    }
}

/// The list's orders as a choice of the filter form (where a phone, which shows no table
/// headers, orders the list): each column either way, named by `sort.{list}.{order}`.
pub fn sort_choice<K: SortKey>(l: Lang, list: &str, current: Sort<K>) -> Markup {
    choice_of_order(l, list, Some(current), false, None)
}

/// [`sort_choice`] of a search's list, offering its best answers first (`current` `None`).
pub fn sort_choice_ranked<K: SortKey>(l: Lang, list: &str, current: Option<Sort<K>>) -> Markup {
    choice_of_order(l, list, current, true, None)
}

/// The choice; `unsaid` is the order sent as no order at all (a list not searched yet sends
/// its usual order so, and words typed into its search then find their best answers first).
fn choice_of_order<K: SortKey>(
    l: Lang,
    list: &str,
    current: Option<Sort<K>>,
    ranked: bool,
    unsaid: Option<Sort<K>>,
) -> Markup {
    html! {
        div.field {
            label for="sort" { (l.t("field.sort")) }
            select id="sort" name="sort" {
                @if ranked { option value="relevance" selected[current.is_none()] { (l.t("sort.relevance")) } }
                @for by in K::ALL {
                    @for descending in [by.starts_descending(), !by.starts_descending()] {
                        @let option = Sort { by: *by, descending };
                        @let value = if Some(option) == unsaid { String::new() } else { option.param() };
                        option value=(value) selected[Some(option) == current] { (l.t(&format!("sort.{list}.{}", option.param()))) }
                    }
                }
            }
        }
    }
}

/// How a list's page is ordered: a search without an order of its own lists its best answers
/// first (`sort` `None`); else the order asked for, or the list's usual one.
#[derive(Debug, Clone, Copy)]
pub struct ListOrder<K> {
    pub searching: bool,
    pub sort: Option<Sort<K>>,
    usual: Sort<K>,
    /// A search asked for its best answers that matched too many to weigh: it came in the
    /// list's usual order, and says so.
    unranked: bool,
}

impl<K: SortKey> ListOrder<K> {
    /// The order of a list searched for `q` (if anything), asked for as `asked`.
    pub fn read(q: Option<&str>, asked: Option<&str>, usual: Sort<K>) -> Self {
        let searching = q.is_some_and(|q| !q.trim().is_empty());
        let asked = asked
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != lode_db::RELEVANCE);
        let sort = match asked {
            Some(a) => Some(Sort::parse(a).unwrap_or(usual)),
            None if searching => None,
            None => Some(usual),
        };
        ListOrder {
            searching,
            sort,
            usual,
            unranked: false,
        }
    }

    /// The order the list came in: a search that matched too many to weigh (`ranked` false
    /// while its best answers were asked for) comes in the usual order, which its headers
    /// show ([`ListOrder::shown`]); the form still asks for the best answers, so that the same
    /// search narrowed by another word is weighed.
    pub fn as_listed(self, ranked: bool) -> Self {
        ListOrder {
            unranked: self.sort.is_none() && !ranked,
            ..self
        }
    }

    /// The order the rows are in, as the table's headers mark it.
    pub fn shown(self) -> Option<Sort<K>> {
        if self.unranked {
            Some(self.usual)
        } else {
            self.sort
        }
    }

    /// Why the answers of a search came in the usual order, when they did and there are more
    /// than one page shows (`all_shown` false): a list shown whole needs no narrowing.
    pub fn notice(self, l: Lang, all_shown: bool) -> Markup {
        html! {
            @if self.unranked && !all_shown {
                p.notice role="status" { (l.t("list.too_many_to_rank")) }
            }
        }
    }

    /// What the list is asked for: its best answers first, or the order's key.
    pub fn param(self) -> String {
        self.sort
            .map_or_else(|| lode_db::RELEVANCE.to_string(), Sort::param)
    }

    /// The choice of order in the list's filter form: a search's offers its best answers.
    pub fn choice(self, l: Lang, list: &str) -> Markup {
        if self.searching {
            sort_choice_ranked(l, list, self.sort)
        } else {
            let current = self.sort.unwrap_or(self.usual);
            choice_of_order(l, list, Some(current), false, Some(self.usual))
        }
    }
}

/// How a table's headers order the list: the order in force, and the list's address in
/// another order (from its first page).
pub struct Ordering<'a, K> {
    /// `None`: a search's best answers first, no column's order.
    pub current: Option<Sort<K>>,
    pub link: &'a dyn Fn(Sort<K>) -> String,
}

impl<K: SortKey> Ordering<'_, K> {
    /// A header that orders by `by`.
    pub fn header(&self, l: Lang, label: &str, by: K) -> Markup {
        sort_header(l, label, by, self.current, self.link)
    }

    /// The orders as links, for a phone, which shows the rows as cards without the table's
    /// headers: a list with no filter form to hold [`sort_choice`]. Each is named by
    /// `sort.{list}.{order}`.
    pub fn phone_links(&self, l: Lang, list: &str) -> Markup {
        html! {
            nav.order-links aria-label=(l.t("field.sort")) {
                span.hint { (l.t("field.sort")) ": " }
                @for by in K::ALL {
                    @for descending in [by.starts_descending(), !by.starts_descending()] {
                        @let option = Sort { by: *by, descending };
                        a href=((self.link)(option)) aria-current=[(Some(option) == self.current).then_some("true")] {
                            (l.t(&format!("sort.{list}.{}", option.param())))
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Newest;

    impl SortKey for Newest {
        const ALL: &'static [Self] = &[Newest];
        fn key(self) -> &'static str {
            "number"
        }
    }

    #[test]
    fn a_search_too_wide_to_weigh_says_so_only_while_it_runs_past_one_page() {
        let usual = Sort {
            by: Newest,
            descending: true,
        };
        let unranked = ListOrder::read(Some("273"), None, usual).as_listed(false);
        let said = |all_shown| unranked.notice(Lang::Vi, all_shown).into_string();
        assert!(said(false).contains("notice"), "{}", said(false));
        assert_eq!(said(true), "", "one page holds the whole list");
        let ranked = ListOrder::read(Some("273"), None, usual).as_listed(true);
        assert_eq!(ranked.notice(Lang::Vi, false).into_string(), "");
    }
}
