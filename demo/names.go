package demo

import (
	"fmt"
	"math/rand/v2"
)

var surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余"}

var givenChars = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "华", "建", "国", "文", "辉", "鹏", "宇", "浩", "婷", "雪", "琳", "晨", "博", "凯", "欣", "悦", "峰", "斌"}

// personName is a plausible Chinese full name.
func personName(r *rand.Rand) string {
	n := pick(r, surnames) + pick(r, givenChars)
	if r.Float64() < 0.7 {
		n += pick(r, givenChars)
	}
	return n
}

// Cities by region (region index as in regionDefs).
var regionCities = [][]string{
	{"上海", "杭州", "南京", "苏州", "宁波", "无锡", "合肥", "常州"},
	{"广州", "深圳", "东莞", "佛山", "厦门", "福州", "南宁", "珠海"},
	{"北京", "天津", "石家庄", "济南", "青岛", "太原", "呼和浩特", "保定"},
	{"成都", "重庆", "昆明", "贵阳", "绵阳", "遵义", "宜宾", "拉萨"},
	{"武汉", "长沙", "郑州", "南昌", "宜昌", "洛阳", "株洲", "襄阳"},
}

var nameCores = []string{"恒信", "华通", "金桥", "瑞达", "宏远", "中科", "天成", "博雅", "新锐", "鼎盛", "嘉禾", "汇丰", "启明", "正泰", "长城", "东方", "锦程", "万邦", "同创", "智联", "海纳", "润德", "中和", "永安"}

// customerName is a Chinese organisation name fitting the industry; the id
// suffix keeps names unique without looking generated.
func customerName(r *rand.Rand, region int, industry string, id int64) string {
	city := pick(r, regionCities[region])
	core := pick(r, nameCores)
	switch industry {
	case "higher_ed":
		return fmt.Sprintf("%s%s学院(%d)", city, pick(r, []string{"理工", "师范", "医科", "财经", "职业技术", "工程"}), id)
	case "k12":
		return fmt.Sprintf("%s市第%d中学", city, id)
	case "hospital":
		return fmt.Sprintf("%s市第%d人民医院", city, id)
	case "government":
		return fmt.Sprintf("%s市%s局(%d)", city, pick(r, []string{"教育", "卫健", "交通", "财政", "大数据", "应急管理"}), id)
	case "manufacturing":
		return fmt.Sprintf("%s%s%s有限公司(%d)", city, core, pick(r, []string{"精密制造", "机械", "电子", "新材料", "汽车零部件"}), id)
	case "energy":
		return fmt.Sprintf("%s%s%s有限公司(%d)", city, core, pick(r, []string{"能源", "电力", "燃气", "新能源"}), id)
	case "finance":
		return fmt.Sprintf("%s%s%s(%d)", city, core, pick(r, []string{"农商银行", "证券营业部", "保险公司", "村镇银行"}), id)
	default:
		return fmt.Sprintf("%s%s%s有限公司(%d)", city, core, pick(r, []string{"商贸", "连锁超市", "百货", "电商"}), id)
	}
}
