# frozen_string_literal: true

require 'spec_helper'

RSpec.describe 'Gets registries' do
  let_it_be(:admin) { create(:user, :admin) }

  before do
    stub_licensed_features(geo: true)
  end

  it_behaves_like 'gets registries for', {
    field_name: 'packageFileRegistries',
    registry_class_name: 'PackageFileRegistry',
    registry_factory: :package_file_registry,
    registry_foreign_key_field_name: 'packageFileId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'ciSecureFileRegistries',
    registry_class_name: 'CiSecureFileRegistry',
    registry_factory: :ci_secure_file_registry,
    registry_foreign_key_field_name: 'ciSecureFileId'
  }
end
