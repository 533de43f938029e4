"""Known table formats: the column names of each product's export and its conventions.

Column names follow each product's documented export: HubSpot (property names such as
``hs_call_duration``, in milliseconds, and the labels of its export files), Pipedrive
(``Activity - …`` headers; people and organisations linked by name), Odoo (``crm.lead`` and
``mail.activity`` exports, technical names or labels) and Chinese follow-up sheets
(跟进时间 / 跟进方式 / 跟进内容 / 跟进人 / 关联客户 / 关联商机 / 下次跟进时间 and their usual
variants).
"""

from __future__ import annotations

from typing import ClassVar

from keyact.integrations.formats.tables import TableDataset

Aliases = dict[str, dict[str, tuple[str, ...]]]

GENERIC_ALIASES: Aliases = {
    "users": {
        "key": ("id", "user id", "employee id", "工号"),
        "name": ("name", "full name", "sales agent", "sales_agent", "姓名", "员工姓名"),
        "email": ("email", "e-mail", "邮箱"),
        "title": ("title", "job title", "职位"),
        "department": ("department", "team", "regional office", "regional_office", "部门", "团队"),
        "manager": ("manager", "reports to", "上级", "直属上级"),
        "active": ("active", "is active", "在职"),
    },
    "customers": {
        "key": ("account id", "customer id", "客户编号"),
        "name": ("account", "account name", "customer", "customer name", "company", "客户名称"),
        "industry": ("industry", "sector", "行业"),
        "employees": ("employees", "number of employees", "员工人数", "人数"),
        "annual_revenue": ("revenue", "annual revenue", "年营业额", "年收入"),
        "owner": ("owner", "account owner", "负责人"),
        "address": ("address", "office location", "office_location", "地址"),
    },
    "contacts": {
        "key": ("contact id",),
        "name": ("contact", "contact name", "联系人", "联系人姓名"),
        "customer": ("account", "company", "customer", "客户名称", "公司"),
        "title": ("title", "职务"),
        "phone": ("phone", "mobile", "电话", "手机"),
        "email": ("email", "邮箱"),
    },
    "opportunities": {
        "key": ("opportunity id", "opportunity_id", "deal id", "商机编号"),
        "name": ("opportunity", "opportunity name", "deal", "deal name", "product", "商机名称"),
        "customer": ("account", "customer", "company", "客户名称"),
        "owner": ("owner", "sales agent", "sales_agent", "负责人", "销售"),
        "stage": ("stage", "deal stage", "deal_stage", "阶段", "商机阶段"),
        "status": ("status", "状态"),
        "amount": ("amount", "value", "close value", "close_value", "金额", "成交金额"),
        "currency": ("currency", "币种"),
        "close_date": ("close date", "close_date", "closed date", "成交日期", "预计成交日期"),
        "created_at": ("created", "created date", "engage date", "engage_date", "创建时间"),
    },
    "activities": {
        "key": ("activity id", "id"),
        "type": ("type", "activity type", "活动类型"),
        "owner": ("owner", "assigned to", "负责人"),
        "date": ("date", "activity date", "when", "日期", "时间"),
        "duration": ("duration", "duration (minutes)", "时长"),
        "customer": ("account", "customer", "company", "客户", "客户名称"),
        "opportunity": ("opportunity", "deal", "商机"),
        "contact": ("contact", "联系人"),
        "subject": ("subject", "title", "主题"),
        "notes": ("notes", "note", "description", "备注", "内容"),
        "status": ("status", "状态"),
    },
}


class GenericDataset(TableDataset):
    """Any CSV / XLSX of people, accounts, contacts, deals or activities; columns recognised
    from common names, or mapped by the user (``mapping["files"]``)."""

    source = "generic"
    aliases: ClassVar[Aliases] = GENERIC_ALIASES


class FollowupDataset(TableDataset):
    """Chinese follow-up sheets (跟进记录): one row per follow-up, linked by names."""

    source = "followup"
    creates_named_customers = True
    default_types: ClassVar[dict[str, str]] = {
        **TableDataset.default_types,
        "参观样板客户": "reference_visit",
        "参观样板": "reference_visit",
        "样板参观": "reference_visit",
        "邀请参观": "reference_invite",
        "电话沟通": "communication",
        "微信沟通": "communication",
    }
    aliases: ClassVar[Aliases] = {
        "activities": {
            "key": ("编号", "跟进编号", "记录编号", "序号id"),
            "date": ("跟进时间", "跟进日期", "沟通时间", "拜访时间", "联系时间", "日期"),
            "type": ("跟进方式", "跟进类型", "联系方式", "沟通方式", "跟进形式"),
            "notes": ("跟进内容", "跟进记录", "沟通内容", "跟进详情", "内容", "备注"),
            "owner": ("跟进人", "负责人", "销售", "业务员", "跟进员工", "销售人员", "所属销售"),
            "customer": ("关联客户", "客户名称", "客户", "公司名称", "客户公司"),
            "opportunity": ("关联商机", "商机名称", "商机"),
            "next_date": ("下次跟进时间", "下次跟进日期", "下次联系时间", "计划跟进时间"),
            "contact": ("联系人", "关联联系人", "客户联系人"),
            "status": ("跟进状态", "状态"),
            "subject": ("主题", "标题", "跟进主题"),
            "duration": ("时长", "时长(分钟)", "时长\uff08分钟\uff09", "通话时长"),
        }
    }


HUBSPOT_ACTIVITY: dict[str, tuple[str, ...]] = {
    "key": ("record id", "hs_object_id", "activity id", "engagement id"),
    "date": (
        "hs_meeting_start_time",
        "meeting start time",
        "start time",
        "activity date",
        "hs_timestamp",
        "due date",
        "create date",
    ),
    "end": ("hs_meeting_end_time", "meeting end time", "end time"),
    "owner": ("activity assigned to", "assigned to", "hubspot_owner_id", "activity owner"),
    "type": ("hs_task_type", "task type", "activity type"),
    "subject": (
        "hs_call_title",
        "call title",
        "hs_meeting_title",
        "meeting name",
        "hs_task_subject",
        "task title",
        "hs_email_subject",
        "email subject",
    ),
    "notes": (
        "hs_call_body",
        "call notes",
        "hs_meeting_body",
        "meeting description",
        "hs_task_body",
        "task notes",
        "notes",
        "hs_note_body",
        "note body",
        "hs_email_text",
        "email body",
    ),
    "duration": ("hs_call_duration", "call duration (ms)"),
    "status": (
        "hs_call_status",
        "call status",
        "hs_task_status",
        "task status",
        "hs_meeting_outcome",
        "meeting outcome",
    ),
    "disposition": ("hs_call_disposition", "call outcome"),
    "customer": ("associated company ids", "associated company id", "associated company"),
    "contact": ("associated contact ids", "associated contact id"),
    "opportunity": ("associated deal ids", "associated deal id"),
}


class HubSpotDataset(TableDataset):
    """HubSpot exports: companies, contacts, deals, and calls / meetings / tasks / notes /
    e-mails, linked by HubSpot record ids; owners by name."""

    source = "hubspot"
    links_by_name = False
    stems: ClassVar[dict[str, str]] = {
        "compan": "customers",
        "contact": "contacts",
        "deal": "opportunities",
        "call": "activities",
        "meeting": "activities",
        "task": "activities",
        "note": "activities",
        "email": "activities",
    }
    stem_types: ClassVar[dict[str, str]] = {
        "call": "Call",
        "meeting": "Meeting",
        "task": "Task",
        "note": "Note",
        "email": "Email",
    }
    type_names: ClassVar[dict[str, str]] = {"CALL": "Call", "EMAIL": "Email", "TODO": "To-do"}
    duration_units: ClassVar[dict[str, str]] = {
        "hs_call_duration": "ms",
        "Call duration (ms)": "ms",
    }
    # HubSpot's default call outcomes (hs_call_disposition ids).
    dispositions: ClassVar[dict[str, str]] = {
        "f240bbac-87c9-4f6e-bf70-924b57d47db7": "Connected",
        "9d9162e7-6cf3-4944-bf63-4dff82258764": "Busy",
        "a4c4c377-d246-4b32-a13b-75a56a4cd0ff": "Left live message",
        "b2cf5968-551e-4856-9783-52b3da59a7d0": "Left voicemail",
        "73a0d17f-1163-4015-bdd5-ec830791da20": "No answer",
        "17b47fee-58de-441e-a44c-c6300d46f273": "Wrong number",
    }
    default_types: ClassVar[dict[str, str]] = {
        "Call": "communication",
        "CALL": "communication",
        "Email": "communication",
        "EMAIL": "communication",
        "Meeting": "appointment",
    }
    default_stages: ClassVar[dict[str, str]] = {
        "appointmentscheduled": "Lead",
        "Appointment Scheduled": "Lead",
        "qualifiedtobuy": "Qualified",
        "Qualified To Buy": "Qualified",
        "presentationscheduled": "Solution / demo",
        "Presentation Scheduled": "Solution / demo",
        "decisionmakerboughtin": "Proposal / quote",
        "Decision Maker Bought-In": "Proposal / quote",
        "contractsent": "Negotiation",
        "Contract Sent": "Negotiation",
        "closedwon": "Won",
        "Closed Won": "Won",
        "closedlost": "Lost",
        "Closed Lost": "Lost",
    }
    aliases: ClassVar[Aliases] = {
        "customers": {
            "key": ("record id", "hs_object_id", "company id"),
            "name": ("company name", "name"),
            "industry": ("industry",),
            "employees": ("number of employees", "numberofemployees"),
            "annual_revenue": ("annual revenue", "annualrevenue"),
            "owner": ("company owner", "hubspot_owner_id"),
            "address": ("street address", "address"),
        },
        "contacts": {
            "key": ("record id", "hs_object_id", "contact id"),
            "first_name": ("first name", "firstname"),
            "last_name": ("last name", "lastname"),
            "customer": ("associated company ids", "associated company id", "associatedcompanyid"),
            "title": ("job title", "jobtitle"),
            "phone": ("phone number", "phone"),
            "email": ("email",),
        },
        "opportunities": {
            "key": ("record id", "hs_object_id", "deal id"),
            "name": ("deal name", "dealname"),
            "stage": ("deal stage", "dealstage"),
            "amount": ("amount",),
            "close_date": ("close date", "closedate"),
            "created_at": ("create date", "createdate"),
            "owner": ("deal owner", "hubspot_owner_id"),
            "customer": ("associated company ids", "associated company id"),
            "currency": ("currency", "deal_currency_code"),
        },
        "activities": HUBSPOT_ACTIVITY,
    }


class PipedriveDataset(TableDataset):
    """Pipedrive exports (``Activity - …``, ``Deal - …``, ``Organization - …``,
    ``Person - …`` headers); rows link organisations, people and deals by name."""

    source = "pipedrive"
    default_stages: ClassVar[dict[str, str]] = {
        "Lead In": "Lead",
        "Contact Made": "Qualified",
        "Needs Defined": "Qualified",
        "Demo Scheduled": "Solution / demo",
        "Proposal Made": "Proposal / quote",
        "Negotiations Started": "Negotiation",
    }
    default_types: ClassVar[dict[str, str]] = {
        "Call": "communication",
        "Email": "communication",
        "Meeting": "appointment",
        "Lunch": "appointment",
    }
    aliases: ClassVar[Aliases] = {
        "customers": {
            "key": ("organization - id",),
            "name": ("organization - name",),
            "owner": ("organization - owner",),
            "address": ("organization - address",),
            "employees": ("organization - number of employees", "organization - employees"),
            "industry": ("organization - industry",),
        },
        "contacts": {
            "key": ("person - id",),
            "name": ("person - name",),
            "customer": ("person - organization",),
            "email": ("person - email", "person - email - work"),
            "phone": ("person - phone", "person - phone - work"),
            "title": ("person - job title",),
        },
        "opportunities": {
            "key": ("deal - id",),
            "name": ("deal - title",),
            "customer": ("deal - organization",),
            "owner": ("deal - owner",),
            "amount": ("deal - value",),
            "currency": ("deal - currency",),
            "stage": ("deal - stage",),
            "status": ("deal - status",),
            "close_date": ("deal - won time", "deal - close time", "deal - expected close date"),
            "created_at": ("deal - deal created", "deal - add time"),
        },
        "activities": {
            "key": ("activity - id",),
            "subject": ("activity - subject",),
            "type": ("activity - type",),
            "status": ("activity - done", "activity - status"),
            "date": ("activity - due date",),
            "time": ("activity - due time",),
            "duration": ("activity - duration",),
            "owner": ("activity - assigned to user", "activity - user", "activity - owner"),
            "customer": ("activity - organization",),
            "contact": ("activity - contact person", "activity - person"),
            "opportunity": ("activity - deal",),
            "notes": ("activity - note",),
            "created_at": ("activity - add time",),
        },
    }


class OdooDataset(TableDataset):
    """Odoo exports of ``crm.lead`` (opportunities) and ``mail.activity`` (scheduled
    activities, always planned); technical field names or their English labels; partners and
    salespeople by name."""

    source = "odoo"
    creates_named_customers = True
    activity_status = "planned"  # mail.activity holds scheduled activities only
    default_types: ClassVar[dict[str, str]] = {
        "Email": "communication",
        "Call": "communication",
        "Meeting": "appointment",
    }
    default_stages: ClassVar[dict[str, str]] = {
        "New": "Lead",
        "Qualified": "Qualified",
        "Proposition": "Proposal / quote",
        "Won": "Won",
    }
    aliases: ClassVar[Aliases] = {
        "opportunities": {
            "key": ("id", "external id"),
            "name": ("name", "opportunity"),
            "customer": ("partner_id", "partner_id/name", "customer", "partner_name"),
            "owner": ("user_id", "salesperson", "user_id/name"),
            "stage": ("stage_id", "stage", "stage_id/name"),
            "amount": ("expected_revenue", "expected revenue"),
            "currency": ("company_currency", "currency"),
            "close_date": ("date_closed", "closed date", "date_deadline", "expected closing"),
            "created_at": ("create_date", "created on"),
            "status": ("won_status", "is won"),
        },
        "activities": {
            "key": ("id", "external id"),
            "type": ("activity_type_id", "activity type", "activity_type_id/name"),
            "subject": ("summary",),
            "notes": ("note",),
            "date": ("date_deadline", "due date"),
            "owner": ("user_id", "assigned to", "user_id/name"),
            "opportunity": ("res_name", "document name"),
            "created_at": ("create_date", "created on"),
        },
    }
