//! Parsing throughput: raw report bytes to `Report`, on one core.
//! `cargo bench --bench parse`; criterion prints MiB/s (target: ≥ 150 MB/s).

use baogao::corpus::{load::BUNDLED, parse};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    // The five seed reports at the top of assets/reports/, not the national series.
    let seeds: Vec<&(&str, &[u8])> = BUNDLED.iter().filter(|(n, _)| !n.contains('/')).collect();
    let mut g = c.benchmark_group("parse");
    let total: usize = seeds.iter().map(|(_, b)| b.len()).sum();
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("five seeds", |b| {
        b.iter(|| {
            for (name, bytes) in &seeds {
                std::hint::black_box(parse(name, bytes).unwrap());
            }
        })
    });
    for (name, bytes) in &seeds {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(*name, |b| b.iter(|| std::hint::black_box(parse(name, bytes).unwrap())));
    }
    // The national series: traditional script, Wikisource link fragments, no opening lines.
    let national: Vec<&(&str, &[u8])> =
        BUNDLED.iter().filter(|(n, _)| n.ends_with(".txt") && n.contains('/')).collect();
    g.throughput(Throughput::Bytes(national.iter().map(|(_, b)| b.len() as u64).sum()));
    g.bench_function("national series", |b| {
        b.iter(|| {
            for (name, bytes) in &national {
                std::hint::black_box(parse(name, bytes).unwrap());
            }
        })
    });
    // Worst shapes for line joining: 1 MB of hard-wrapped text with no sentence end, and one
    // 1 MB line, of phrases combined so that no line repeats. Throughput near the seeds'
    // says the work is linear in the text.
    let (a, b, c) = (
        [
            "我们坚持稳中求进",
            "推动经济高质量发展",
            "全面深化改革开放",
            "着力保障改善民生",
            "加快建设现代产业",
            "持续优化营商环境",
            "扎实推进乡村振兴",
        ],
        [
            "取得新成效",
            "迈出新步伐",
            "实现新突破",
            "展现新作为",
            "开创新局面",
            "得到新提升",
            "形成新格局",
            "积蓄新动能",
            "增添新活力",
            "彰显新担当",
            "谱写新篇章",
        ],
        [
            "全市上下",
            "各级政府",
            "广大干部",
            "全体人民",
            "各部门",
            "各区县",
            "社会各界",
            "基层一线",
            "企业群众",
            "各类主体",
            "全省各地",
            "城乡居民",
            "青年一代",
            "科技人员",
            "农民群众",
            "各族群众",
            "驻地部队",
            "民营企业",
            "国有企业",
            "外资企业",
            "金融机构",
            "科研院所",
            "高等院校",
            "医疗机构",
            "文化单位",
            "社会组织",
            "志愿者们",
            "新闻媒体",
            "退役军人",
            "港澳同胞",
            "台湾同胞",
            "华人华侨",
            "专家学者",
            "新闻记者",
            "工会组织",
            "妇联组织",
            "共青团员",
            "少先队员",
            "离退休人员",
            "人大代表",
            "政协委员",
            "民主党派",
            "无党派人士",
            "工商联",
            "个体工商户",
            "农民工",
            "快递小哥",
            "外卖骑手",
            "网约车司机",
            "环卫工人",
            "社区工作者",
            "乡村医生",
            "乡村教师",
            "驻村干部",
            "第一书记",
            "大学生村官",
            "返乡创业者",
            "新型职业农民",
            "家庭农场主",
            "合作社社员",
            "产业工人",
            "技术能手",
            "大国工匠",
            "劳动模范",
            "先进典型",
            "道德模范",
            "最美人物",
            "见义勇为者",
            "爱心人士",
            "慈善机构",
            "红十字会",
            "行业协会",
            "商会组织",
            "中介机构",
            "律师事务所",
            "会计师事务所",
            "审计机构",
            "评估机构",
            "检测机构",
            "认证机构",
            "标准化组织",
            "知识产权机构",
            "孵化器",
            "众创空间",
            "产业园区",
            "开发区",
            "高新区",
            "自贸区",
            "保税区",
            "综合试验区",
            "示范区",
            "先行区",
            "核心区",
            "功能区",
            "特色小镇",
            "美丽乡村",
            "文明城市",
            "卫生城市",
            "园林城市",
            "森林城市",
            "智慧城市",
            "海绵城市",
            "韧性城市",
            "宜居城市",
            "平安城市",
            "法治城市",
            "诚信城市",
            "创新城市",
            "开放城市",
            "生态城市",
            "文化名城",
            "旅游名城",
            "历史名城",
            "商贸名城",
            "工业强市",
            "农业大市",
            "教育强市",
            "人才强市",
            "科技强市",
            "质量强市",
            "品牌强市",
            "交通强市",
            "网络强市",
            "数字强市",
            "体育强市",
            "健康强市",
            "文化强市",
            "生态强市",
        ],
    );
    let lines: Vec<String> =
        (0..14_000).map(|i| format!("{}{}{}", c[(i / 77) % c.len()], a[i % a.len()], b[(i / 7) % b.len()])).collect();
    let chunk = "各位代表：\n一、工作回顾\n";
    let wrapped: String = chunk.to_string() + &lines.join("\n");
    let one_line: String = chunk.to_string() + &lines.concat();
    for (name, text) in [("1 MB hard-wrapped, no sentence end", &wrapped), ("1 MB on one line", &one_line)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| std::hint::black_box(parse("x.txt", text.as_bytes()).unwrap())));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
