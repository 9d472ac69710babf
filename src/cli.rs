//! Command-line arguments. Help text is Vietnamese, as everything a user reads.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// trangtin: dựng trang thông tin điện tử của cơ quan nhà nước từ Markdown và tự chấm điểm
/// theo bộ tiêu chí của tỉnh.
#[derive(Debug, Parser)]
#[command(name = "trangtin", version, disable_help_subcommand = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Thư mục trang (chứa site.yaml); mặc định là thư mục hiện tại.
    #[arg(long, global = true, value_name = "THƯ_MỤC", default_value = ".")]
    pub root: PathBuf,

    /// Chỉ in lỗi.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// In thêm chi tiết từng bước.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Dựng trang vào thư mục public/.
    Build(BuildArgs),
    /// Tự chấm điểm trang theo bộ tiêu chí.
    Check(CheckArgs),
    /// Liệt kê bộ tiêu chí và báo các chỗ không khớp trong bảng điểm.
    Criteria(CriteriaArgs),
    /// Dựng trang, mở máy chủ xem thử và dựng lại khi nội dung thay đổi.
    Serve(ServeArgs),
    /// Tạo một tệp nội dung mới và in đường dẫn của nó.
    New(NewArgs),
    /// Tạo thư mục trang mới cho một cơ quan.
    Init(InitArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Địa chỉ nghe; mặc định chỉ máy này (127.0.0.1).
    #[arg(long, default_value = "127.0.0.1", value_name = "ĐỊA_CHỈ")]
    pub bind: String,

    /// Cổng nghe.
    #[arg(long, default_value_t = 1111, value_name = "CỔNG")]
    pub port: u16,

    /// Thư mục kết quả; mặc định public/ trong thư mục trang.
    #[arg(long, short, value_name = "THƯ_MỤC")]
    pub output: Option<PathBuf>,

    /// Dựng cả các bài nháp (draft: true); mặc định có khi xem thử.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "true|false")]
    pub drafts: bool,
}

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// Loại nội dung.
    #[arg(value_enum)]
    pub kind: crate::scaffold::NewKind,

    /// Tiêu đề; tên tệp lấy từ tiêu đề, bỏ dấu.
    pub title: String,
}

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Thư mục trang mới (chưa có hoặc đang trống).
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// Thư mục kết quả; mặc định public/ trong thư mục trang.
    #[arg(long, short, value_name = "THƯ_MỤC")]
    pub output: Option<PathBuf>,

    /// Dựng cả các bài nháp (draft: true).
    #[arg(long)]
    pub drafts: bool,

    /// Địa chỉ gốc thay cho base_url trong site.yaml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Bảng trong cửa sổ lệnh.
    Text,
    /// JSON theo định dạng cố định.
    Json,
    /// Một trang HTML độc lập.
    Html,
    /// Bảng tính Excel theo mẫu tự chấm điểm.
    Xlsx,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Dạng báo cáo.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,

    /// Ghi báo cáo vào tệp này thay vì in ra màn hình (bắt buộc với xlsx).
    #[arg(long, short, value_name = "TỆP")]
    pub output: Option<PathBuf>,

    /// Năm đánh giá; mặc định lấy nam_danh_gia trong site.yaml, không có thì năm nay.
    #[arg(long, value_name = "NĂM")]
    pub year: Option<i32>,

    /// Thoát với mã 1 khi tổng điểm dưới ngưỡng này.
    #[arg(long, value_name = "ĐIỂM")]
    pub min_score: Option<f64>,

    /// Bộ tiêu chí: mã của bộ có sẵn hoặc đường dẫn tệp YAML; mặc định theo site.yaml.
    #[arg(long, value_name = "BỘ")]
    pub criteria: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct CriteriaArgs {
    /// Bộ tiêu chí: mã của bộ có sẵn hoặc đường dẫn tệp YAML; mặc định theo site.yaml.
    #[arg(long, value_name = "BỘ")]
    pub criteria: Option<String>,
}
