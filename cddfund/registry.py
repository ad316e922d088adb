"""The one way an app adds to the pages it shares with the others.

Each app may keep a module ``additions.py``; at start-up Django's ``autodiscover_modules``
imports them in INSTALLED_APPS order (the way ``admin.py`` files are found), and each one calls
``registry.<something>(...)``: an entry of the menu, home-page cards, a tab of a centre's page,
the export links of a register, its demo data. The core and the lower apps show what is
registered without naming the apps that registered it, so every arrow points down.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()  # empty: every signed-in role
    order: int = 100


@dataclass(frozen=True)
class Card:
    """A home-page card: a figure (or a sign), what it counts, where it leads."""

    number: str
    label: str
    url: str


@dataclass(frozen=True)
class Work:
    """A line of a user's work list (home page): how many records wait, for what, where."""

    count: int
    label: str
    url: str
    note: str = ""  # such as the deadline
    late: bool = False


@dataclass(frozen=True)
class Hit:
    """A record found by the header's search box."""

    label: str
    detail: str
    url: str


@dataclass(frozen=True)
class Finder:
    """What an app's records answer to the search box: ``function(user, query, limit)``
    returns its best hits first."""

    label: str
    function: Callable
    order: int = 100


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass
class Registry:
    menu: list[MenuEntry] = field(default_factory=list)
    cards: list[Callable] = field(default_factory=list)  # (user) -> [Card]
    work: list[Callable] = field(default_factory=list)  # (user) -> [Work]
    finders: list[Finder] = field(default_factory=list)
    centre_tabs: list[tuple[str, str]] = field(default_factory=list)  # (url name, label)
    links: dict[str, list[Callable]] = field(default_factory=dict)  # key -> [(**context) -> [Link]]
    sections: dict[str, list[Callable]] = field(default_factory=dict)  # key -> [(request, **c)]
    demo: list[Callable] = field(default_factory=list)  # (context dict) -> None
    tallies: dict[str, tuple] = field(default_factory=dict)  # name -> (function, columns)

    def menu_entry(self, label, url_name: str, *, roles=(), order: int = 100) -> None:
        if all(e.url_name != url_name for e in self.menu):
            self.menu.append(MenuEntry(label, url_name, tuple(roles), order))
            self.menu.sort(key=lambda e: e.order)

    def home_cards(self, function: Callable) -> None:
        if function not in self.cards:
            self.cards.append(function)

    def work_list(self, function: Callable) -> None:
        """Lines of the home page's work list: ``function(user)`` returns ``Work`` lines counted
        in the user's scope, in a few queries however many records there are."""
        if function not in self.work:
            self.work.append(function)

    def tally(self, name: str, function: Callable, columns: tuple[str, ...] = ("n",)) -> None:
        """A count per district kept by the ten-minute job (``cddfund.services.tallies_count``)
        for the cards and reports of wider areas: ``function(fiscal_year)`` returns rows of
        ``district_id`` and its ``columns`` (a ``values().annotate()`` over the whole country)
        for the fiscal year of the count's day, which stands for ``{year}`` in ``name``; each
        column is a tally of its own, its key standing for ``{column}`` in ``name``."""
        self.tallies.setdefault(name, (function, columns))

    def finder(self, label, function: Callable, *, order: int = 100) -> None:
        if all(f.function is not function for f in self.finders):
            self.finders.append(Finder(label, function, order))
            self.finders.sort(key=lambda f: f.order)

    def centre_tab(self, url_name: str, label) -> None:
        if all(name != url_name for name, _label in self.centre_tabs):
            self.centre_tabs.append((url_name, label))

    def register_links(self, key: str, function: Callable) -> None:
        """Links shown with a register (``{% register_links key ... %}``), such as its export as
        PDF and Excel; ``function`` gets the template tag's keyword arguments."""
        functions = self.links.setdefault(key, [])
        if function not in functions:
            functions.append(function)

    def page_section(self, key: str, function: Callable) -> None:
        """A part of a lower app's page that a higher app renders (``{% page_sections key
        ... %}``): ``function(request, **context)`` returns its HTML, or "" to show nothing."""
        functions = self.sections.setdefault(key, [])
        if function not in functions:
            functions.append(function)

    def demo_data(self, function: Callable) -> None:
        if function not in self.demo:
            self.demo.append(function)

    def links_for(self, key: str, **context) -> list[Link]:
        return [link for function in self.links.get(key, []) for link in function(**context)]

    def sections_for(self, key: str, request, **context) -> list[str]:
        found = (function(request, **context) for function in self.sections.get(key, []))
        return [html for html in found if html]


registry = Registry()


def discover() -> None:
    autodiscover_modules("additions")
