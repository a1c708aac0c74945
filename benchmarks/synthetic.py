"""Generated plans of any size, for benchmarks: realistic Chinese task texts, units and updates."""

from __future__ import annotations

import datetime as dt
import random

from generator.model import Plan

_VERBS = ["加快推进", "持续深化", "全面落实", "研究制定", "组织开展", "支持指导", "完善", "强化"]
_OBJECTS = ["知识产权地方综合立法", "专利导航服务体系建设", "商标品牌指导站标准化建设",
            "知识产权纠纷多元解决机制", "版权工作站服务能力", "知识产权金融创新试点",
            "重点产业知识产权运营", "海外知识产权维权援助", "中小企业知识产权托管服务"]
_PLACES = ["浦东新区", "徐汇区", "闵行区", "松江区", "临港新片区", "虹桥商务区", "张江科学城"]


def synthetic_plan(tasks: int, units: int = 20, areas: int | None = None, seed: int = 7,
                   updates: int = 2) -> Plan:
    """A valid plan with `tasks` tasks spread over `areas` areas (default: one per ~50 tasks)."""
    rng = random.Random(seed)
    areas = areas or max(1, min(50, tasks // 50))
    unit_list = [{"id": f"u{i:03d}", "name": f"上海市第{i + 1}工作部门",
                  "short_name": f"部门{i + 1}"} for i in range(units)]
    area_list = []
    task_ids = []
    for a in range(areas):
        count = tasks // areas + (1 if a < tasks % areas else 0)
        area_tasks = []
        for t in range(count):
            lead = rng.randrange(units)
            support = sorted({rng.randrange(units) for _ in range(rng.randrange(3))} - {lead})
            phase = rng.choice(["not_started", "planning", "in_progress", "in_progress", "done"])
            progress = 100 if phase == "done" else rng.randrange(0, 95, 5)
            task_id = f"{a + 1}.{t + 1}"
            task_ids.append(task_id)
            area_tasks.append({
                "id": task_id,
                "title": f"{rng.choice(_VERBS)}{rng.choice(_PLACES)}{rng.choice(_OBJECTS)}"
                         f"（第{t + 1}项）",
                "lead": f"u{lead:03d}",
                "support": [f"u{s:03d}" for s in support],
                "start": "2020-01-01",
                "due": (dt.date(2020, 6, 30) + dt.timedelta(days=rng.randrange(200))).isoformat(),
                "phase": phase,
                "health": rng.choice(["on_track"] * 6 + ["at_risk", "delayed"]),
                "progress": progress,
                "note": rng.choice(["", "按计划推进。", "已完成阶段性目标，正在组织验收。",
                                    "受疫情影响进度有所延后，已调整工作安排。"]),
                "tags": [rng.choice(_PLACES)],
            })
        area_list.append({"id": f"area{a + 1}",
                          "title": f"第{a + 1}方面重点工作：{_OBJECTS[a % 9]}",
                          "summary": "围绕年度目标推进各项任务。", "tasks": area_tasks})
    update_list = []
    for u in range(updates):
        chosen = rng.sample(task_ids, k=max(1, len(task_ids) // 5))
        update_list.append({"date": (dt.date(2020, 8, 31) + dt.timedelta(days=30 * u)).isoformat(),
                            "tasks": {tid: {"progress": 100, "phase": "done"} if rng.random() < 0.2
                                      else {"note": "本月取得新进展。"} for tid in chosen}})
    return Plan.model_validate({
        "title": f"合成计划（{tasks}项任务）", "organisation": "基准测试办公室",
        "period": {"start": "2020-01-01", "end": "2020-12-31"}, "as_of": "2020-10-30",
        "next_meeting": {"title": "基准测试会议", "date": "2020-11-15"}, "language": "zh-Hans",
        "marking": "内部资料", "units": unit_list, "areas": area_list, "updates": update_list,
    })
