"""The demo's customers and contacts, by team sales mode."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from keyact.core.bulk import (
    Row,
    lock_and_next_id,
    write_rows,
)
from keyact.customers.models import Contact, Customer
from keyact.demo import names
from keyact.demo.generator.base import GeneratorBase
from keyact.demo.generator.parameters import (
    CHINESE_CUSTOMER_SHARE,
    LARGE_ACCOUNT,
    LARGE_ORDER,
    SMALL_ORDER,
    TEAM_NAMES,
    CustomerInfo,
    Rep,
)
from keyact.orgs.models import Organization


class CustomersMixin(GeneratorBase):
    """Customers and their contacts."""

    def build_customers(self, org: Organization, reps: list[Rep]) -> list[CustomerInfo]:
        rnd = self.rnd
        per_mode = {SMALL_ORDER: 16, LARGE_ORDER: 7, LARGE_ACCOUNT: 4}
        first_id = lock_and_next_id(Customer)
        first_contact = lock_and_next_id(Contact)
        infos: list[CustomerInfo] = []
        rows: list[Row] = []
        contact_rows: list[Row] = []
        seen: set[str] = set()
        next_contact = first_contact
        for rep in reps:
            team_cities = TEAM_NAMES[rep.team % len(TEAM_NAMES)][2]
            for _ in range(per_mode[rep.mode]):
                cid = first_id + len(rows)
                if rep.mode == SMALL_ORDER:
                    size = 0 if rnd.random() < 0.8 else 1
                elif rep.mode == LARGE_ORDER:
                    size = 1 if rnd.random() < 0.5 else 2
                else:
                    size = 2
                employees = (
                    rnd.randint(8, 200),
                    rnd.randint(200, 2000),
                    rnd.randint(2000, 80000),
                )[size]
                revenue = Decimal(employees * rnd.randint(300, 1500) * 1000)
                industry, stems_zh, stems_en = rnd.choice(names.INDUSTRIES)
                city_zh, city_en, lat, lng = names.CITIES[rnd.choice(team_cities)]
                # The documented rep's own book is all Chinese firms: the first screen a
                # prospect sees reads Chinese throughout.
                share = 1.0 if rep.is_rep_one else CHINESE_CUSTOMER_SHARE
                chinese = rnd.random() < (share if self.zh else 0.0)
                stem_zh, stem_en = rnd.choice(stems_zh), rnd.choice(stems_en)
                sector = industry.split(" ", 1)[1]
                # Same stem twice in a city: a different trade-name prefix, as real firms do.
                for prefix_zh, prefix_en in names.NAME_PREFIXES:
                    if chinese:
                        name = f"{city_zh}{prefix_zh}{stem_zh}{names.CN_SUFFIX_BY_SIZE[size]}"
                    else:
                        name = (
                            f"{prefix_en}{stem_en} {sector} ({city_en}) "
                            f"{names.EN_SUFFIX_BY_SIZE[size]}"
                        )
                    if name not in seen:
                        break
                else:
                    name = f"{name} {len(seen)}"
                seen.add(name)
                lat += rnd.uniform(-0.08, 0.08)
                lng += rnd.uniform(-0.08, 0.08)
                created = self.at(self.start_day - dt.timedelta(days=rnd.randint(30, 1400)), 9 * 60)
                contact_ids: list[int] = []
                roles = ["economic", "user", "technical", "coach"][: rnd.randint(1, 2 + size)]
                for role in roles:
                    person = self.person_name(rnd.random() < (0.1 if chinese else 0.6))
                    title = rnd.choice(names.CONTACT_TITLES[role][0 if chinese else 1])
                    contact_rows.append(
                        (
                            next_contact,
                            org.pk,
                            cid,
                            person.display,
                            title,
                            f"1{rnd.randint(3, 9)}{rnd.randint(100000000, 999999999)}",
                            f"{person.login}@example.com",
                            role,
                            created,
                            created,
                        )
                    )
                    contact_ids.append(next_contact)
                    next_contact += 1
                rows.append(
                    (
                        cid,
                        org.pk,
                        name,
                        industry.split(" ", 1)[0 if self.zh else 1],
                        employees,
                        revenue,
                        rep.user_id,
                        city_zh if self.zh else city_en,
                        round(lat, 6),
                        round(lng, 6),
                        created,
                        created,
                    )
                )
                info = CustomerInfo(
                    cid, rep.user_id, chinese, size == 2, lat, lng, contact_ids, created
                )
                infos.append(info)
                rep.customers.append(cid)
        write_rows(
            Customer,
            (
                "id",
                "organization_id",
                "name",
                "industry",
                "employees",
                "annual_revenue",
                "owner_id",
                "address",
                "latitude",
                "longitude",
                "created_at",
                "updated_at",
            ),
            rows,
        )
        write_rows(
            Contact,
            (
                "id",
                "organization_id",
                "customer_id",
                "name",
                "title",
                "phone",
                "email",
                "buying_role",
                "created_at",
                "updated_at",
            ),
            contact_rows,
        )
        self.counts["customers"] = len(rows)
        self.counts["contacts"] = len(contact_rows)
        return infos
